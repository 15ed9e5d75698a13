import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Weather-normalised savings of a meter or a category (IPMVP Option C, CalTRACK daily methods,
/// ASHRAE Guideline 14 statistics): a baseline model of daily use against daily mean outdoor
/// temperature, projected into the reporting period; avoided energy use = counterfactual − metered.
///
/// ```swift
/// let r = try SavingsEngine(comparison: engine).savings(.meter("lighting"),
///             baseline: try Period.parse("2024-11-01..2025-10-31"), reporting: try Period.parse("2025-11-01..2026-10-31"))
/// r.savings              // kWh avoided; r.uncertainty.absolute at 90 % confidence
/// ```
public struct SavingsEngine: Sendable {
    public let comparison: ComparisonEngine
    public var options: Options

    public struct Options: Sendable {
        /// The temperature meter (`weather:<station>` from `import temperature`, or a configured
        /// temperature meter); nil takes the only one there is.
        public var temperatureMeter: String?
        /// Balance points are searched in this unit: °C (default) or °F.
        public var unit: TemperatureUnit = .celsius
        /// Balance-point grid; nil: CalTRACK's 30–90 °F in 1 °F steps, converted.
        public var grid: [Double]?
        public var confidence = 0.90
        public init(temperatureMeter: String? = nil, unit: TemperatureUnit = .celsius, grid: [Double]? = nil, confidence: Double = 0.90) {
            self.temperatureMeter = temperatureMeter; self.unit = unit; self.grid = grid; self.confidence = confidence
        }
    }

    public init(comparison: ComparisonEngine, options: Options = Options()) { self.comparison = comparison; self.options = options }

    /// A day of the scatter: usage against temperature, in the baseline or the reporting period.
    public struct Point: Sendable, Codable, Hashable {
        public var day: String
        public var temperature: Double
        public var usage: Double
        public var period: String
    }

    /// CalTRACK's baseline sufficiency: 365 days, at most 10 % of them missing usage or temperature.
    public struct Sufficiency: Sendable, Codable, Hashable {
        public var baselineDays: Int
        public var usableDays: Int
        public var missingFraction: Double
        public var sufficient: Bool
        public var reasons: [String]
        enum CodingKeys: String, CodingKey {
            case baselineDays = "baseline_days", usableDays = "usable_days", missingFraction = "missing_fraction", sufficient, reasons
        }
    }

    public struct Result: Sendable, Codable {
        public var selection: String
        public var unit: String
        public var baselinePeriod: String
        public var reportingPeriod: String
        public var temperatureMeter: String
        public var temperatureUnit: TemperatureUnit
        public var model: DailyModel
        public var candidates: Int
        public var statistics: BaselineFitStatistics
        public var sufficiency: Sufficiency
        public var reportingDays: Int
        /// Metered use over the baseline and the reporting days the model covers.
        public var baselineObserved: Double
        public var reportingObserved: Double
        /// The counterfactual: what the baseline model predicts for the reporting days' weather.
        public var reportingPredicted: Double
        /// Avoided energy use (counterfactual − metered), positive when use went down.
        public var savings: Double
        public var savingsPercent: Double
        /// Raw change per day, reporting − baseline, for the side-by-side with `savings`.
        public var rawChangePerDay: Double
        public var uncertainty: SavingsUncertainty
        public var confidence: Double
        public var points: [Point]

        enum CodingKeys: String, CodingKey {
            case selection, unit, model, candidates, statistics, sufficiency, savings, uncertainty, confidence, points
            case baselinePeriod = "baseline_period", reportingPeriod = "reporting_period", temperatureMeter = "temperature_meter"
            case temperatureUnit = "temperature_unit", reportingDays = "reporting_days", baselineObserved = "baseline_observed"
            case reportingObserved = "reporting_observed", reportingPredicted = "reporting_predicted", savingsPercent = "savings_percent"
            case rawChangePerDay = "raw_change_per_day"
        }
    }

    /// The temperature series to use.
    public func temperatureSeries() throws -> SeriesInfo {
        let all = try comparison.store.allSeries().filter { $0.key.quantity == .temperature }
        if let id = options.temperatureMeter {
            guard let s = all.first(where: { $0.key.meter == id }) else {
                throw EngineError("no temperatures stored for '\(id)' (stored: \(all.map(\.key.meter).joined(separator: ", ")); import them with `meterwatch import temperature`)")
            }
            return s
        }
        guard let first = all.first else { throw EngineError("no outdoor temperatures are stored: import a weather station's file (`meterwatch import temperature FILE.csv`)") }
        guard all.count == 1 else { throw EngineError("several temperature series are stored (\(all.map(\.key.meter).joined(separator: ", "))): choose one (--temperature)") }
        return first
    }

    /// Daily use of a selection: the sum of its series' day rollups; a day counts when every
    /// series observed at least 90 % of it.
    func dailyUse(_ sel: ResolvedSelection, _ period: Period) throws -> [CivilDate: Double] {
        let cal = comparison.calendar
        let (a, b) = period.bounds(cal)
        var sums: [CivilDate: (Double, Int)] = [:]
        for id in sel.seriesIDs {
            for bucket in try comparison.store.rollups(series: id, resolution: .day, from: a, to: b) {
                guard Double(bucket.observedMs) >= 0.9 * Double(bucket.end - bucket.start) else { continue }
                let day = cal.civilDate(at: bucket.start)
                let e = sums[day] ?? (0, 0)
                sums[day] = (e.0 + bucket.value + bucket.estimated, e.1 + 1)
            }
        }
        return sums.filter { $0.value.1 == sel.seriesIDs.count }.mapValues(\.0)
    }

    public func savings(_ selection: Selection, baseline: Period, reporting: Period) throws -> Result {
        let sel = try comparison.resolve(selection)
        guard !sel.seriesIDs.isEmpty else { throw EngineError("\(selection) has no stored data") }
        let temp = try temperatureSeries()
        let store = comparison.store
        let toUnit: (Double) -> Double = options.unit == .fahrenheit ? { $0 * 9 / 5 + 32 } : { $0 }
        func observations(_ p: Period) throws -> [DailyObservation] {
            let use = try dailyUse(sel, p)
            let temps = try DailyTemperature.means(store: store, series: temp.id, from: p.start, to: p.end)
            var out: [DailyObservation] = []
            var d = p.start
            while d < p.end {
                out.append(DailyObservation(day: d.description, usage: use[d], temperature: temps[d].map(toUnit)))
                d = d.adding(days: 1)
            }
            return out
        }
        let base = try observations(baseline), rep = try observations(reporting)
        let usable = base.filter { $0.usage != nil && $0.temperature != nil }.count
        var reasons: [String] = []
        if baseline.days < 365 { reasons.append("the baseline has \(baseline.days) days; CalTRACK asks for 365") }
        let missing = base.isEmpty ? 1 : Double(base.count - usable) / Double(base.count)
        if missing > 0.10 { reasons.append("\(DisplayFormat.number(missing * 100, decimals: 1)) % of the baseline days lack usage or temperature (at most 10 %)") }
        if baseline.end > reporting.start { reasons.append("the baseline overlaps the reporting period") }
        let sufficiency = Sufficiency(baselineDays: baseline.days, usableDays: usable, missingFraction: missing, sufficient: reasons.isEmpty, reasons: reasons)
        var fitOptions = DailyModelFitter.Options(unit: options.unit, grid: options.grid)
        if options.grid == nil { fitOptions.grid = options.unit.defaultGrid }
        guard let r = AvoidedEnergyUse.compute(baseline: base, reporting: rep, options: fitOptions, confidence: options.confidence) else {
            throw EngineError("no model could be fitted: \(usable) baseline days and \(rep.filter { $0.usage != nil && $0.temperature != nil }.count) reporting days have both usage and temperature")
        }
        let points = base.compactMap { o in o.usage.flatMap { u in o.temperature.map { Point(day: o.day, temperature: $0, usage: u, period: "baseline") } } }
            + rep.compactMap { o in o.usage.flatMap { u in o.temperature.map { Point(day: o.day, temperature: $0, usage: u, period: "reporting") } } }
        let rawChangePerDay = r.reportingObserved / Double(max(1, r.reportingDays)) - r.baselineObserved / Double(max(1, r.baselineDays))
        return Result(selection: sel.description, unit: sel.unit, baselinePeriod: baseline.id, reportingPeriod: reporting.id,
                      temperatureMeter: temp.key.meter, temperatureUnit: options.unit, model: r.model, candidates: r.candidates,
                      statistics: r.baseline, sufficiency: sufficiency, reportingDays: r.reportingDays, baselineObserved: r.baselineObserved,
                      reportingObserved: r.reportingObserved, reportingPredicted: r.reportingPredicted, savings: r.savings,
                      savingsPercent: r.savingsPercent, rawChangePerDay: rawChangePerDay, uncertainty: r.uncertainty,
                      confidence: options.confidence, points: points)
    }
}
