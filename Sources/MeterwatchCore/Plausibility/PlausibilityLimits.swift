/// What every entrance accepts: timestamps between the start of history and now plus a small
/// clock skew, intervals up to a maximum length, and values that fit their quantity.
///
/// ```swift
/// let limits = PlausibilityLimits(earliestMs: calendar.startOfDay(CivilDate(year: 1990, month: 1, day: 1)))
/// limits.check(ms: t, nowMs: clock.nowMs())                               // nil, or why not
/// limits.check(value: 5e9, quantity: "ups_status", kind: .state)          // .outOfRange(…)
/// ```
/// Sites override the defaults in `plausibility:` (start of history, skew, ranges per quantity).
public struct PlausibilityLimits: Sendable, Hashable {
    /// Nothing stamped before this (UTC ms).
    public var earliestMs: Int64
    /// How far past the host's clock a timestamp may be (device and host clocks drift by seconds,
    /// a mistyped year by centuries).
    public var clockSkewMs: Int64
    /// The longest interval total accepted (a bill, a refuel).
    public var maxIntervalMs: Int64
    /// Ranges configured per quantity; they replace the built-in ones.
    public var ranges: [Quantity: ValueRange]

    public static let defaultClockSkewMs: Int64 = 5 * msPerMinute
    /// No reading of any quantity is larger than this (a 10-digit register in Wh is 1e10).
    public static let maxMagnitude = 1e15
    public static let defaultMaxIntervalMs: Int64 = 400 * msPerDay
    /// 1990-01-01: older than any meter data a public building keeps, younger than any typo's year 0.
    public static let defaultHistoryStart = CivilDate(year: 1990, month: 1, day: 1)
    /// One refuel of an official car, van or truck; a site with buses sets `plausibility.ranges.fuel_volume`.
    public static let defaultRefuelLitres = ValueRange(min: 0, max: 1_000)

    /// The litres one refuel may take (`plausibility.ranges.fuel_volume`, or the default).
    public var refuelLitres: ValueRange { ranges[.fuelVolume] ?? Self.defaultRefuelLitres }

    public init(
        earliestMs: Int64, clockSkewMs: Int64 = defaultClockSkewMs, maxIntervalMs: Int64 = defaultMaxIntervalMs,
        ranges: [Quantity: ValueRange] = [:]
    ) {
        self.earliestMs = earliestMs
        self.clockSkewMs = clockSkewMs
        self.maxIntervalMs = maxIntervalMs
        self.ranges = ranges
    }

    /// The defaults in a site's calendar (history from 1990-01-01 local midnight).
    public init(calendar: LocalCalendar) {
        self.init(earliestMs: calendar.startOfDay(Self.defaultHistoryStart))
    }

    // MARK: Checks

    public func check(ms: Int64, nowMs: Int64) -> Implausibility? {
        if ms < earliestMs { return .beforeEarliest(ms: ms, earliestMs: earliestMs) }
        if ms > nowMs &+ clockSkewMs { return .inTheFuture(ms: ms, nowMs: nowMs, skewMs: clockSkewMs) }
        return nil
    }

    /// An interval total over `[start, end)`: both ends plausible, positive and not too long.
    /// The end may lie up to the skew past now (a bill for the month in progress is not).
    public func check(intervalStart start: Int64, end: Int64, nowMs: Int64) -> Implausibility? {
        guard end > start else { return .intervalNotPositive(startMs: start, endMs: end) }
        if let problem = check(ms: start, nowMs: nowMs) { return problem }
        if end > nowMs &+ clockSkewMs { return .inTheFuture(ms: end, nowMs: nowMs, skewMs: clockSkewMs) }
        let (length, overflow) = end.subtractingReportingOverflow(start)
        if overflow || length > maxIntervalMs { return .intervalTooLong(lengthMs: overflow ? Int64.max : length, maxMs: maxIntervalMs) }
        return nil
    }

    /// A value of `quantity` stored in a series of `kind`; counters also stay below `rules.rolloverAt`.
    public func check(value: Double, quantity: Quantity, kind: SeriesKind, rules: CounterRules = CounterRules()) -> Implausibility? {
        guard value.isFinite else { return .notFinite }
        // Beyond any meter's register: sums of such values overflow to infinity.
        guard abs(value) <= Self.maxMagnitude else {
            return .outOfRange(value: value, quantity: quantity, range: ValueRange(min: -Self.maxMagnitude, max: Self.maxMagnitude))
        }
        guard let range = range(of: quantity, kind: kind, rules: rules) else { return nil }
        return range.contains(value) ? nil : .outOfRange(value: value, quantity: quantity, range: range)
    }

    /// The range a value of `quantity` must fall in: the site's own, else the built-in one.
    public func range(of quantity: Quantity, kind: SeriesKind, rules: CounterRules = CounterRules()) -> ValueRange? {
        var range = ranges[quantity] ?? Self.builtInRange(of: quantity, kind: kind)
        if kind == .counter, let width = rules.rolloverAt {
            var r = range ?? ValueRange(min: 0)
            if r.max.map({ $0 >= width }) ?? true {
                r.max = width
                r.maxExclusive = true
            }
            range = r
        }
        return range
    }

    /// Ranges that hold for every site. Consumption never runs backwards; shares are 0–100 %;
    /// bit masks fit their width; state codes are the ones their standard defines.
    public static func builtInRange(of quantity: Quantity, kind: SeriesKind) -> ValueRange? {
        switch quantity.name {
        case "ups_status":
            // The NUT-style flags every UPS profile maps to (UPSFlags), 13 bits.
            return ValueRange(min: 0, max: Double(UPSFlags.all.rawValue), wholeNumbers: true)
        case "inverter_state":
            // SunSpec model 103 `St`: 1 OFF … 8 STANDBY.
            return ValueRange(min: 1, max: 8, wholeNumbers: true)
        case "storage_soc", "battery_charge":
            return ValueRange(min: 0, max: 100)
        case "ups_load":
            // Percent of rated load; an overloaded UPS reports above 100 %.
            return ValueRange(min: 0, max: 400)
        case "power_factor":
            return ValueRange(min: -1, max: 1)
        case "frequency":
            return ValueRange(min: 0, max: 1_000)
        case "battery_runtime":
            return ValueRange(min: 0, max: 30 * 86_400)
        case "temperature":
            // Air temperatures on Earth (records: −89.2 °C, 56.7 °C).
            return ValueRange(min: -90, max: 70)
        case "battery_temperature":
            return ValueRange(min: -60, max: 150)
        case let name where name.hasPrefix("voltage_") || name.hasSuffix("_voltage"):
            return ValueRange(min: 0, max: 1_000_000)
        default:
            // Registers and bills of consumption count up from zero.
            return kind == .counter || kind == .intervalTotal ? ValueRange(min: 0) : nil
        }
    }
}
