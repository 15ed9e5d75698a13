import MeterwatchConfig
import MeterwatchCore

/// Electricity's carbon footprint from yearly grid emission factors.
public struct CarbonFootprint: Sendable, Encodable {
    public var currentKg: Double
    public var baselineKg: Double
    public var factors: [EmissionFactor]
    public var notes: [Phrase]
    /// Free text from the notes file.
    public var remarks: [String] = []
    enum CodingKeys: String, CodingKey { case currentKg = "current_kgco2e", baselineKg = "baseline_kgco2e", factors, notes, remarks }
}
