/// Metered use against what the baseline model predicts for this period's weather:
/// `change` = metered − counterfactual (negative = saving, the sign of the raw change), with its
/// ASHRAE Guideline 14 uncertainty at 90 % confidence.
public struct WeatherAdjustedChange: Sendable, Encodable {
    public var change: Double
    public var changePercent: Double
    public var uncertainty: Double
    public var counterfactual: Double
    public var metered: Double
    public var modelBaseline: String
    public var model: DailyModel
    public var meetsGuideline14: Bool
    public var sufficient: Bool
    enum CodingKeys: String, CodingKey {
        case change, uncertainty, counterfactual, metered, model, sufficient
        case changePercent = "change_percent", modelBaseline = "model_baseline", meetsGuideline14 = "meets_guideline14"
    }
}
