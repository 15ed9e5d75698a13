/// Flow above `threshold` (m³/h); the rule's hold-off (`for:`) is the "for M minutes".
public struct HighFlowCondition: AlertCondition {
    public var threshold: Double
    public var clearBelow: Double

    public init(threshold: Double, clearBelow: Double) {
        self.threshold = threshold
        self.clearBelow = clearBelow
    }

    public static let typeName = "high_flow"
    public static let keys: Set<String> = ["threshold", "clear_below"]
    public static let watches = "water meters"
    public static let defaults = RuleDefaults(holdOffMs: 120_000, clearForMs: 120_000, severity: .critical)
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .water }

    public init(_ r: RuleReader) throws(ConfigError) {
        threshold = try r.positive("threshold")
        clearBelow = try r.positive("clear_below", default: threshold * 0.9)
        guard clearBelow <= threshold else { throw r.error(at: "clear_below", "must not exceed threshold \(threshold)") }
    }

    public var summary: String { "flow > \(SummaryFormat.n(threshold)) m³/h; clears < \(SummaryFormat.n(clearBelow))" }
}
