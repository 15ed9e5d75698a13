/// No new sample for `maxAgeMs`, or `intervals` × each series' own poll interval; optionally a
/// counter that stays constant for `stuckForMs` while its rate quantity says there is consumption.
public struct StaleCondition: AlertCondition {
    public var maxAgeMs: Int64?
    public var intervals: Int
    public var stuckForMs: Int64?
    public var stuckRateMin: Double

    public init(maxAgeMs: Int64? = nil, intervals: Int = 5, stuckForMs: Int64? = nil, stuckRateMin: Double = 0) {
        self.maxAgeMs = maxAgeMs
        self.intervals = intervals
        self.stuckForMs = stuckForMs
        self.stuckRateMin = stuckRateMin
    }

    public static let typeName = "stale"
    public static let keys: Set<String> = ["max_age", "intervals", "stuck_for", "stuck_rate_min"]
    public static let watches = "any meter"
    public static func applies(to meter: MeterConfig) -> Bool { true }

    public init(_ r: RuleReader) throws(ConfigError) {
        intervals = try r.count("intervals", default: 5, range: 1...10_000)
        maxAgeMs = try r.duration("max_age")
        stuckForMs = try r.duration("stuck_for")
        stuckRateMin = try r["stuck_rate_min"]?.double() ?? 0
    }

    public var summary: String {
        var s = maxAgeMs.map { "no sample for \(SummaryFormat.duration($0))" } ?? "no sample for \(intervals) poll intervals of each series"
        if let stuckForMs { s += "; counter constant \(SummaryFormat.duration(stuckForMs)) while rate > \(SummaryFormat.n(stuckRateMin))" }
        return s
    }
}
