import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchImport
import MeterwatchStore

/// What the backfill planted, for the user and for tests to check the engine against.
public struct DemoFacts: Codable, Sendable {
    public var anchor: CityHall.Anchor
    /// The year after the retrofit (or as much of it as has passed), `start..end` inclusive.
    public var reportingPeriod: String
    /// The same period a year earlier (all before the retrofit).
    public var baselinePeriod: String
    /// kWh the LED lighting saved over `reportingPeriod` against the T5 tubes it replaced.
    public var lightingSavingKWh: Double
    /// kWh the lighting used over `reportingPeriod` (after the retrofit).
    public var lightingReportingKWh: Double

    enum CodingKeys: String, CodingKey {
        case anchor, reportingPeriod = "reporting_period", baselinePeriod = "baseline_period"
        case lightingSavingKWh = "lighting_saving_kwh", lightingReportingKWh = "lighting_reporting_kwh"
    }
}
