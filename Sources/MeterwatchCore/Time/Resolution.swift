/// Rollup resolutions. Buckets are half-open `[start, end)` in UTC milliseconds, aligned to the
/// site's local wall clock: a local day is 23, 24 or 25 hours long across DST changes.
public enum Resolution: String, CaseIterable, Sendable, Codable, Comparable {
    case quarterHour = "15m"
    case hour
    case day
    case month

    /// Stored as a small integer in the rollup table.
    public var code: Int {
        switch self {
        case .quarterHour: 0
        case .hour: 1
        case .day: 2
        case .month: 3
        }
    }

    public init?(argument: String) {
        switch argument.lowercased() {
        case "15m", "15min", "quarter-hour", "quarterhour": self = .quarterHour
        case "hour", "1h", "h", "hourly": self = .hour
        case "day", "1d", "d", "daily": self = .day
        case "month", "monthly": self = .month
        default: return nil
        }
    }

    public static func < (a: Resolution, b: Resolution) -> Bool { a.code < b.code }

    /// The bucket's usual length (a month as 28 days: an upper bound on how many fit in a range).
    public var nominalMs: Int64 {
        switch self {
        case .quarterHour: 15 * msPerMinute
        case .hour: msPerHour
        case .day: msPerDay
        case .month: 28 * msPerDay
        }
    }
}
