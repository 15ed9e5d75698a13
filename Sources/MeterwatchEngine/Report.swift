import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// One category row of the council report.
public struct ReportRow: Codable, Sendable {
    public var category: String
    public var item: String
    public var unit: String
    public var current: Double
    public var baseline: Double
    public var change: Double
    public var changePercent: Double?
    public var note: String?
    public var currentCoverage: Double
    public var baselineCoverage: Double
    public var warnings: [String]
    /// The weather-adjusted change beside the raw one; nil when no temperatures are stored or the
    /// category is not weather-driven (fuel, UPS, storage).
    public var weatherAdjusted: WeatherAdjustedChange?

    enum CodingKeys: String, CodingKey {
        case category, item, unit, current, baseline, change, note, warnings
        case changePercent = "change_percent", currentCoverage = "current_coverage", baselineCoverage = "baseline_coverage"
        case weatherAdjusted = "weather_adjusted"
    }
}

/// Metered use against what the baseline model predicts for this period's weather:
/// `change` = metered − counterfactual (negative = saving, the sign of the raw change), with its
/// ASHRAE Guideline 14 uncertainty at 90 % confidence.
public struct WeatherAdjustedChange: Codable, Sendable {
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

/// Electricity's carbon footprint from yearly grid emission factors.
public struct CarbonFootprint: Codable, Sendable {
    public var currentKg: Double
    public var baselineKg: Double
    public var factors: [EmissionFactor]
    public var notes: [String]
    enum CodingKeys: String, CodingKey { case currentKg = "current_kgco2e", baselineKg = "baseline_kgco2e", factors, notes }
}

/// The council-report section: one row per category, then KPIs and electricity's carbon footprint.
public struct CouncilReport: Codable, Sendable {
    public var site: String
    public var language: Language
    public var period: String
    public var periodLabel: String
    public var baselinePeriod: String
    public var baselineLabel: String
    public var rows: [ReportRow]
    public var kpis: [KPIResult]
    public var carbon: CarbonFootprint?
    public var kpiNote: String?
    /// The baseline model's period when rows carry a weather-adjusted change.
    public var weatherBaseline: String?
    enum CodingKeys: String, CodingKey {
        case site, language, period, rows, kpis, carbon
        case periodLabel = "period_label", baselinePeriod = "baseline_period", baselineLabel = "baseline_label", kpiNote = "kpi_note"
        case weatherBaseline = "weather_baseline"
    }
}

public struct ReportBuilder: Sendable {
    public let engine: ComparisonEngine
    public init(engine: ComparisonEngine) { self.engine = engine }

    /// - Parameter weatherBaseline: the period the weather model is fitted on; nil: the
    ///   comparison's baseline period when it spans a year or more, else the 365 days ending with it.
    ///   Rows get a weather-adjusted change only when outdoor temperatures are stored.
    public func build(period: Period, against: Baseline, language: Language, notes: ReportNotes = ReportNotes(),
                      weatherBaseline: Period? = nil) throws -> CouncilReport {
        let config = engine.config
        let (basePeriod, _) = engine.baselinePeriod(for: period, against)
        let savings = SavingsEngine(comparison: engine)
        let hasWeather = (try? savings.temperatureSeries()) != nil
        let modelBaseline = weatherBaseline ?? (basePeriod.days >= 365 ? basePeriod : Period(kind: .custom, start: basePeriod.end.adding(days: -365), end: basePeriod.end))
        var rows: [ReportRow] = []
        for category in config.report.categories {
            let sel: ResolvedSelection
            do { sel = try engine.resolve(.category(category)) } catch { continue }   // a category the site doesn't track
            let c = try engine.compare(sel, period: period, against: against, language: language)
            rows.append(ReportRow(category: category.rawValue, item: Strings.item(category, language), unit: Strings.unit(sel.unit, language),
                                  current: c.current.value, baseline: c.baseline.value, change: c.change.absolute, changePercent: c.change.percent,
                                  note: notes.note(category.rawValue, language), currentCoverage: c.current.coverage,
                                  baselineCoverage: c.baseline.coverage, warnings: c.warnings))
            if hasWeather && (category == .electricity || category == .water) {
                do {
                    let r = try savings.savings(.category(category), baseline: modelBaseline, reporting: period)
                    rows[rows.count - 1].weatherAdjusted = WeatherAdjustedChange(
                        change: -r.savings, changePercent: -r.savingsPercent, uncertainty: r.uncertainty.absolute, counterfactual: r.reportingPredicted,
                        metered: r.reportingObserved, modelBaseline: modelBaseline.id, model: r.model, meetsGuideline14: r.meetsGuideline14,
                        sufficient: r.sufficiency.sufficient)
                    if !r.sufficiency.sufficient { rows[rows.count - 1].warnings.append(Strings.weatherInsufficient(r.sufficiency.reasons, language)) }
                    if r.reportingDays < period.days, period.end <= engine.calendar.civilDate(at: engine.now) {
                        rows[rows.count - 1].warnings.append(Strings.weatherPartial(r.reportingDays, period.days, language))
                    }
                } catch {
                    rows[rows.count - 1].warnings.append(Strings.weatherUnavailable("\(error)", language))
                }
            }
        }
        let kpis = try KPIEvaluator(engine: engine).evaluate(period: period, language: language)
        var carbon: CarbonFootprint?
        if let sel = try? engine.resolve(.category(.electricity)), !sel.seriesIDs.isEmpty {
            carbon = try footprint(sel, period: period, baseline: basePeriod, language: language)
            carbon?.notes += notes.note("carbon", language).map { [$0] } ?? []
        }
        return CouncilReport(site: config.site.name.text(language) ?? "", language: language, period: period.id, periodLabel: period.label(language),
                             baselinePeriod: basePeriod.id, baselineLabel: Strings.baselineLabel(basePeriod, against, language),
                             rows: rows, kpis: kpis, carbon: carbon, kpiNote: notes.note("kpi", language),
                             weatherBaseline: rows.contains { $0.weatherAdjusted != nil } ? modelBaseline.id : nil)
    }

    /// kWh per month × the factor of that month's year; a year without a published factor uses the
    /// latest one and says so.
    func footprint(_ sel: ResolvedSelection, period: Period, baseline: Period, language: Language) throws -> CarbonFootprint {
        let factors = engine.config.report.emissionFactors
        var used: [Int: EmissionFactor] = [:]
        var notes: [String] = []
        func kg(_ p: Period) throws -> Double {
            let (a, b) = p.bounds(engine.calendar)
            var sum = CompensatedSum()
            for m in try engine.store.bucketTotals(series: sel.seriesIDs, resolution: .month, from: a, to: b) {
                let year = engine.calendar.civilDate(at: m.start).year
                guard let f = factors.first(where: { $0.year == year }) ?? factors.filter({ $0.year < year }).max(by: { $0.year < $1.year }) ?? factors.first else { continue }
                if f.year != year, !notes.contains(where: { $0.contains("\(year)") }) {
                    notes.append(language == .zhTW ? "\(year)年電力排碳係數尚未公告，暫用\(f.year)年係數 \(f.kgCO2ePerKWh)" : "no published factor for \(year) yet; \(f.year)'s \(f.kgCO2ePerKWh) is used (provisional)")
                }
                used[f.year] = f
                // Only the part of the month inside the period counts (custom ranges cut months).
                let inside = m.start >= a && m.end <= b ? m.total.value
                    : try engine.store.totals(series: sel.seriesIDs, from: max(a, m.start), to: min(b, m.end)).value
                sum.add(inside * f.kgCO2ePerKWh)
            }
            return sum.value
        }
        let current = try kg(period), base = try kg(baseline)
        return CarbonFootprint(currentKg: current, baselineKg: base, factors: used.values.sorted { $0.year < $1.year }, notes: notes)
    }
}

/// Report wording in the product's two languages.
enum Strings {
    static func item(_ c: MeterCategory, _ l: Language) -> String {
        switch (c, l) {
        case (.electricity, .zhTW): "用電量"
        case (.electricity, .en): "Electricity"
        case (.water, .zhTW): "用水量"
        case (.water, .en): "Water"
        case (.fuel, .zhTW): "公務車輛汽、柴油"
        case (.fuel, .en): "Official vehicles' petrol and diesel"
        case (.ups, .zhTW): "不斷電系統用電"
        case (.ups, .en): "UPS energy"
        case (.storage, .zhTW): "儲能系統放電量"
        case (.storage, .en): "Storage discharged"
        case (.temperature, .zhTW): "溫度"
        case (.temperature, .en): "Temperature"
        }
    }

    static func unit(_ unit: String, _ l: Language) -> String { DisplayUnits.name(unit, l) }

    static func weatherInsufficient(_ reasons: [String], _ l: Language) -> String {
        (l == .zhTW ? "氣候調整之基期資料不足：" : "weather-adjusted: baseline insufficient: ") + reasons.joined(separator: "; ")
    }
    static func weatherPartial(_ days: Int, _ of: Int, _ l: Language) -> String {
        l == .zhTW ? "氣候調整僅涵蓋本期 \(of) 日中有用量與氣溫之 \(days) 日" : "weather-adjusted: covers the \(days) of \(of) days with both usage and temperature"
    }
    static func weatherUnavailable(_ why: String, _ l: Language) -> String {
        (l == .zhTW ? "無法計算氣候調整：" : "no weather-adjusted change: ") + why
    }
}

/// Unit names as users write them.
public enum DisplayUnits {
    /// Users count electricity and water in 度.
    public static func name(_ unit: String, _ l: Language) -> String {
        switch (unit, l) {
        case ("kWh", .zhTW), ("m3", .zhTW): "度"
        case ("L", .zhTW): "公升"
        case ("m3", .en): "m³"
        case ("L", .en): "litres"
        default: unit
        }
    }
}

extension Strings {
    static func baselineLabel(_ p: Period, _ against: Baseline, _ l: Language) -> String {
        switch (against, l) {
        case (.previousYear, .zhTW): "\(p.start.rocYear)年同期"
        case (.previousYear, .en): "same period last year (\(p.label(.en)))"
        case (.previousPeriod, .zhTW): "上期（\(p.label(.zhTW))）"
        case (.previousPeriod, .en): "previous period (\(p.label(.en)))"
        case (.period, _): p.label(l)
        }
    }

    /// Decimals shown for a unit: whole kWh and m³, litres to 2 places.
    static func decimals(_ unit: String) -> Int { unit == "L" || unit == "公升" || unit == "litres" ? 2 : 0 }
}
