/// Flow never drops to `threshold` (m³/h) or below for `hours` hours.
public struct ContinuousFlowCondition: AlertCondition {
    public var threshold: Double
    public var hours: Double

    public init(threshold: Double, hours: Double) {
        self.threshold = threshold
        self.hours = hours
    }

    public static let typeName = "continuous_flow"
    public static let keys: Set<String> = ["threshold", "hours"]
    public static let watches = "water meters"
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .water }

    public init(_ r: RuleReader) throws(ConfigError) {
        threshold = try r.positive("threshold", default: 0.01)
        hours = try r.positive("hours", default: 24)
    }

    public var summary: String { "flow never ≤ \(SummaryFormat.n(threshold)) m³/h for \(SummaryFormat.n(hours)) h" }
}
