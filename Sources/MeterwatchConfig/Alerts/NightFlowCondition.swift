/// The minimum flow in a nightly window stays above `threshold` (m³/h) for `nights` nights in a row.
public struct NightFlowCondition: AlertCondition {
    public var threshold: Double
    public var clearBelow: Double
    public var nights: Int
    public var window: DailyWindow

    public init(threshold: Double, clearBelow: Double, nights: Int, window: DailyWindow) {
        self.threshold = threshold
        self.clearBelow = clearBelow
        self.nights = nights
        self.window = window
    }

    public static let typeName = "night_flow"
    public static let keys: Set<String> = ["threshold", "clear_below", "nights", "window"]
    public static let watches = "water meters"
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .water }

    public init(_ r: RuleReader) throws(ConfigError) {
        threshold = try r.positive("threshold")
        clearBelow = try r.positive("clear_below", default: threshold * 0.8)
        guard clearBelow <= threshold else { throw r.error(at: "clear_below", "must not exceed threshold \(threshold)") }
        nights = try r.count("nights", default: 3, range: 1...60)
        window = try r["window"].map { w throws(ConfigError) in try DailyWindow.parse(w) } ?? DailyWindow(startMinute: 60, endMinute: 240)
    }

    public var summary: String {
        "min flow in \(window) > \(SummaryFormat.n(threshold)) m³/h for \(nights) nights; clears ≤ \(SummaryFormat.n(clearBelow))"
    }
}
