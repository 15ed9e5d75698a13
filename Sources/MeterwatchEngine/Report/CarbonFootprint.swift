import MeterwatchConfig
import MeterwatchCore

/// Electricity's carbon footprint from yearly grid emission factors.
public struct CarbonFootprint: Sendable, Encodable {
    public var currentKg: Double
    public var baselineKg: Double
    /// Whether the two spans can be set side by side: both whole, or both to date. With coverage
    /// that differs (the comparison then keeps common days or gives up) the change is n/a.
    public var comparable: Bool
    /// Current − baseline, nil when not comparable.
    public var changeKg: Double? { comparable ? currentKg - baselineKg : nil }
    public var factors: [EmissionFactor]
    public var notes: [Phrase]
    /// Free text from the notes file.
    public var remarks: [String] = []
    enum CodingKeys: String, CodingKey {
        case currentKg = "current_kgco2e", baselineKg = "baseline_kgco2e", factors, notes, remarks, comparable
    }
}
