import MeterwatchCore

/// The `plausibility:` section: what the imports, the collector and the API accept.
///
/// ```yaml
/// plausibility:
///   history_start: 2015-01-01      # nothing older is accepted (default 1990-01-01)
///   clock_skew: 5m                 # how far past the host's clock a timestamp may be
///   max_interval: 400d             # the longest bill or interval total
///   ranges:                        # replace the built-in range of a quantity
///     ups_load: [0, 150]
///     temperature: { min: -20, max: 50 }
/// ```
public struct PlausibilityConfig: Sendable, Hashable {
    public var historyStart: CivilDate?
    public var clockSkewMs: Int64 = PlausibilityLimits.defaultClockSkewMs
    public var maxIntervalMs: Int64 = PlausibilityLimits.defaultMaxIntervalMs
    public var ranges: [Quantity: ValueRange] = [:]
    public init() {}

    /// The limits in the site's calendar.
    public func limits(_ calendar: LocalCalendar) -> PlausibilityLimits {
        PlausibilityLimits(
            earliestMs: calendar.startOfDay(historyStart ?? PlausibilityLimits.defaultHistoryStart),
            clockSkewMs: clockSkewMs, maxIntervalMs: maxIntervalMs, ranges: ranges)
    }

    static func parse(_ r: YAMLReader) throws(ConfigError) -> PlausibilityConfig {
        let m = try r.mapping(allowed: ["history_start", "clock_skew", "max_interval", "ranges"])
        var out = PlausibilityConfig()
        if let h = m["history_start"] {
            let text = try h.string()
            guard let day = TimeParser.parseDate(text, allowROC: false), day.year >= 1900, day.year <= 2100 else {
                throw h.error("expected a date such as 2015-01-01")
            }
            out.historyStart = day
        }
        if let s = m["clock_skew"] {
            out.clockSkewMs = try s.durationMs()
            guard out.clockSkewMs <= msPerDay else { throw s.error("at most 1d (a clock further off needs fixing, not tolerating)") }
        }
        if let i = m["max_interval"] {
            out.maxIntervalMs = try i.durationMs()
            guard out.maxIntervalMs >= msPerDay, out.maxIntervalMs <= 3_660 * msPerDay else { throw i.error("must be 1d…3660d") }
        }
        if let ranges = m["ranges"] {
            let known = Set(Quantity.known)
            for (name, node) in try ranges.mapping(allowed: known) {
                out.ranges[Quantity(name)] = try parseRange(node)
            }
        }
        return out
    }

    /// `[min, max]` or `{ min: …, max: … }`; either bound may be left out of the mapping.
    static func parseRange(_ r: YAMLReader) throws(ConfigError) -> ValueRange {
        var lo: Double?
        var hi: Double?
        if r.node.sequence != nil {
            let items = try r.sequence()
            guard items.count == 2 else { throw r.error("expected [min, max]") }
            lo = try items[0].double()
            hi = try items[1].double()
        } else {
            let m = try r.mapping(allowed: ["min", "max"])
            lo = try m["min"]?.double()
            hi = try m["max"]?.double()
            guard lo != nil || hi != nil else { throw r.error("give min, max or both") }
        }
        if let lo, let hi, lo >= hi { throw r.error("min must be below max") }
        return ValueRange(min: lo, max: hi)
    }
}
