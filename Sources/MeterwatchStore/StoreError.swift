import MeterwatchCore

/// A problem the store refuses to paper over. Messages name the series and time.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case kindMismatch(series: String, stored: SeriesKind, requested: SeriesKind)
    case unitMismatch(series: String, stored: String, requested: String)
    case nonFiniteValue(series: String, ms: Int64)
    case olderThanRetainedRaw(series: String, ms: Int64, prunedBefore: Int64)
    case invalidInterval(series: String, startMs: Int64, endMs: Int64)
    /// Before 1900 or more than a day past the host's clock (the store's own bound; entrances check tighter).
    case implausibleTime(series: String, ms: Int64)
    case unknownSeries(String)
    case timeZoneChanged(stored: String, configured: String)
    case duplicateUser(String)

    public var description: String {
        func iso(_ ms: Int64) -> String { LocalCalendar(rules: .utc).isoString(ms) }
        switch self {
        case let .kindMismatch(s, stored, requested):
            return
                "series \(s) holds \(stored.rawValue) values; it cannot also take \(requested.rawValue) values (use another meter or "
                + "quantity)"
        case let .unitMismatch(s, stored, requested):
            return "series \(s) is stored in \(stored), not \(requested)"
        case let .nonFiniteValue(s, ms):
            return "series \(s) at \(iso(ms)): value is not a finite number"
        case let .olderThanRetainedRaw(s, ms, p):
            return
                "series \(s) at \(iso(ms)): raw data before \(iso(p)) was pruned; import older data as interval totals "
                + "(meter,start,end,value)"
        case let .invalidInterval(s, a, b):
            return "series \(s): interval \(iso(a)) … \(iso(b)) does not end after it starts, or is longer than ten years"
        case let .implausibleTime(s, ms):
            return "series \(s) at \(iso(ms)): outside the times the store accepts (1900 to a day past the host's clock)"
        case let .unknownSeries(s):
            return "no series \(s) in the store"
        case let .timeZoneChanged(stored, configured):
            return "the store's rollups are in \(stored) but the site is now in \(configured); run `meterwatch db rebuild-rollups`"
        case let .duplicateUser(name):
            return "a user named \(name) exists already (meterwatch users role or users passwd change one)"
        }
    }
}
