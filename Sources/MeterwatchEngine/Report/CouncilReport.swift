import MeterwatchConfig
import MeterwatchCore

/// The council-report section: one row per category, then KPIs and electricity's carbon footprint.
/// A document in one language (`language`); its phrases are rendered in it.
public struct CouncilReport: Sendable, Encodable {
    public var site: String
    public var language: Language
    public var period: String
    public var periodLabel: String
    public var baselinePeriod: String
    public var baselineLabel: String
    /// The period is not over: figures to date against the same span of the baseline.
    public var inProgress: Bool
    /// Only complete months were asked for: the period was cut at the start of the current month.
    public var completeMonthsOnly: Bool
    public var rows: [ReportRow]
    /// A deployment of several buildings: each category's row for every building that has it.
    public var buildingRows: [ReportRow] = []
    public var kpis: [KPIResult]
    public var carbon: CarbonFootprint?
    /// The electricity in NT$ when a building has a billed meter: energy charges at the tariff in
    /// force, and at one tariff for both sides (`EnergyCost`).
    public var money: EnergyCost?
    /// Each storage system's NT$ over the period's complete months.
    public var storage: [ReportStorage] = []
    public var kpiNote: String?
    /// The baseline model's period when rows carry a weather-adjusted change.
    public var weatherBaseline: String?
    enum CodingKeys: String, CodingKey {
        case site, language, period, rows, kpis, carbon, money, storage, buildingRows = "buildings"
        case periodLabel = "period_label", baselinePeriod = "baseline_period", baselineLabel = "baseline_label", kpiNote = "kpi_note"
        case weatherBaseline = "weather_baseline", inProgress = "in_progress", completeMonthsOnly = "complete_months_only"
    }
}
