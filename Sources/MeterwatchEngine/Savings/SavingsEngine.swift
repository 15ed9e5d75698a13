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
        /// Daily data, billing periods, or `auto`: billing when every selected series holds
        /// interval totals longer than a day (bills), daily otherwise (readings, and interval
        /// totals of a day or less such as AMI downloads).
        public var method: Method = .auto
        /// A temperature meter holding a typical year (e.g. `weather:tmy`): when set, the result
        /// adds normalised savings over that year's weather.
        public var normalYearMeter: String?
        public init(
            temperatureMeter: String? = nil, unit: TemperatureUnit = .celsius, grid: [Double]? = nil, confidence: Double = 0.90,
            method: Method = .auto, normalYearMeter: String? = nil
        ) {
            self.temperatureMeter = temperatureMeter
            self.unit = unit
            self.grid = grid
            self.confidence = confidence
            self.method = method
            self.normalYearMeter = normalYearMeter
        }
    }

    /// `hourly` is CalTRACK's hourly method (`hourlySavings`); the daily entry point fits it as daily.
    public enum Method: String, Sendable, Codable, CaseIterable { case auto, daily, billing, hourly }

    public init(comparison: ComparisonEngine, options: Options = Options()) {
        self.comparison = comparison
        self.options = options
    }

    /// A point of the scatter: usage per day against mean temperature, of a day or a bill, in the
    /// baseline or the reporting period.
    public struct Point: Sendable, Codable, Hashable {
        public var day: String
        public var days: Int
        public var temperature: Double
        public var usage: Double
        public var period: String
        /// Working or non-working day (daily data).
        public var dayType: DayType?
        enum CodingKeys: String, CodingKey { case day, days, temperature, usage, period, dayType = "day_type" }
    }

    /// Savings over a typical year's weather (IPMVP "normalised savings"): the baseline model and a
    /// model fitted to the reporting period, both predicted for the typical year.
    /// The uncertainty adds both models' Guideline 14 uncertainties in quadrature.
    public struct NormalizedSavings: Sendable, Codable {
        public var temperatureMeter: String
        public var days: Int
        public var reportingModel: DailyModel
        public var baselinePredicted: Double
        public var reportingPredicted: Double
        public var savings: Double
        public var savingsPercent: Double
        public var uncertainty: Double
        enum CodingKeys: String, CodingKey {
            case days, savings, uncertainty
            case temperatureMeter = "temperature_meter", reportingModel = "reporting_model", baselinePredicted = "baseline_predicted"
            case reportingPredicted = "reporting_predicted", savingsPercent = "savings_percent"
        }
    }

    /// CalTRACK's baseline sufficiency: 365 days, at most 10 % of them missing usage or temperature.
    public struct Sufficiency: Sendable, Encodable, Hashable {
        public var baselineDays: Int
        public var usableDays: Int
        public var missingFraction: Double
        public var sufficient: Bool
        public var reasons: [Phrase]
        enum CodingKeys: String, CodingKey {
            case baselineDays = "baseline_days", usableDays = "usable_days", missingFraction = "missing_fraction", sufficient, reasons
        }
    }

    public struct Result: Sendable, Encodable {
        public var selection: String
        public var unit: String
        public var baselinePeriod: String
        public var reportingPeriod: String
        public var temperatureMeter: String
        public var temperatureUnit: TemperatureUnit
        /// The full-week model, or the working-day model when `structure` is `day_types`.
        public var model: DailyModel
        /// The non-working-day model when the week is split.
        public var nonWorkingModel: DailyModel?
        public var structure: ModelStructure
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
        /// `daily` or `billing`.
        public var method: DailyModelFitter.Frequency
        /// Guideline 14's calibration limits for the method: CV(RMSE) ≤ 25 % and |NMBE| ≤ 10 % for
        /// daily data (our policy; the guideline gives hourly and monthly figures), ≤ 15 % and ≤ 5 %
        /// for monthly bills.
        public var meetsGuideline14: Bool
        /// Bills or months left out, each with why.
        public var excluded: [Phrase]
        public var normalized: NormalizedSavings?
        /// The same model fitted to the reporting period (for the chart's second line, and
        /// normalised savings); nil when it cannot be fitted.
        public var reportingModel: DailyModel?
        /// The reporting period's non-working-day model when its week is split.
        public var reportingNonWorkingModel: DailyModel?
        public var points: [Point]

        enum CodingKeys: String, CodingKey {
            case selection, unit, model, candidates, statistics, sufficiency, savings, uncertainty, confidence, points
            case method, excluded, normalized, meetsGuideline14 = "meets_guideline14", reportingModel = "reporting_model"
            case baselinePeriod = "baseline_period", reportingPeriod = "reporting_period", temperatureMeter = "temperature_meter"
            case temperatureUnit = "temperature_unit", reportingDays = "reporting_days", baselineObserved = "baseline_observed"
            case reportingObserved = "reporting_observed", reportingPredicted = "reporting_predicted", savingsPercent = "savings_percent"
            case rawChangePerDay = "raw_change_per_day", nonWorkingModel = "non_working_model", structure
            case reportingNonWorkingModel = "reporting_non_working_model"
        }
    }

    /// Interval totals up to this long are daily (or shorter) data, not bills: a day, with an hour
    /// to spare for a day that daylight saving time lengthens.
    static let longestDailyIntervalMs: Int64 = 25 * 3_600_000

    /// The median length of the selection's interval totals around `period` (0 when it has none).
    func medianIntervalMs(_ sel: ResolvedSelection, _ period: Period) throws -> Int64 {
        let cal = comparison.calendar
        let (a, b) = (cal.startOfDay(period.start.adding(days: -71)), cal.startOfDay(period.end.adding(days: 71)))
        var lengths: [Int64] = []
        for id in sel.seriesIDs {
            lengths += try comparison.store.intervalTotals(series: id, from: a, to: b).map { $0.endMs - $0.startMs }
        }
        guard !lengths.isEmpty else {
            return 0
        }
        lengths.sort()
        return lengths[lengths.count / 2]
    }

    /// The temperature series to use.
    public func temperatureSeries() throws -> SeriesInfo {
        let all = try comparison.store.allSeries().filter { $0.key.quantity == .temperature && $0.key.meter != options.normalYearMeter }
        if let id = options.temperatureMeter {
            guard let s = all.first(where: { $0.key.meter == id }) else {
                throw EngineError.noTemperaturesFor(meter: id, stored: all.map(\.key.meter))
            }
            return s
        }
        guard let first = all.first else { throw EngineError.noTemperatures }
        guard all.count == 1 else { throw EngineError.severalTemperatureSeries(all.map(\.key.meter)) }
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

    /// A billing period as stored or derived: days `[start, end)` and its use.
    struct Bill {
        var start: CivilDate
        var end: CivilDate
        var usage: Double
    }

    /// The selection's bills that belong to `period` (their middle day falls in it).
    /// Interval totals (imported bills) when every series holds them, else calendar months of the
    /// daily use (a month counts when every day of it has usage).
    func bills(_ sel: ResolvedSelection, _ period: Period, fromIntervals: Bool) throws -> (bills: [Bill], excluded: [Phrase]) {
        let cal = comparison.calendar
        var excluded: [Phrase] = []
        func belongs(_ s: CivilDate, _ e: CivilDate) -> Bool {
            let mid = s.adding(days: (e.daysSinceEpoch - s.daysSinceEpoch - 1) / 2)
            return mid >= period.start && mid < period.end
        }
        if fromIntervals {
            // Wide enough for a bimonthly bill straddling either end.
            let (a, b) = (cal.startOfDay(period.start.adding(days: -71)), cal.startOfDay(period.end.adding(days: 71)))
            var byPeriod: [Int64: [Int64: (Double, Int)]] = [:]
            for id in sel.seriesIDs {
                for t in try comparison.store.intervalTotals(series: id, from: a, to: b) {
                    let e = byPeriod[t.startMs]?[t.endMs] ?? (0, 0)
                    byPeriod[t.startMs, default: [:]][t.endMs] = (e.0 + t.value, e.1 + 1)
                }
            }
            var out: [Bill] = []
            for (startMs, ends) in byPeriod {
                for (endMs, (value, count)) in ends {
                    let s = cal.civilDate(at: startMs)
                    let e = cal.civilDate(at: endMs)
                    guard belongs(s, e) else { continue }
                    guard count == sel.seriesIDs.count else {
                        excluded.append(.billNotForEveryMeter(span: "\(s)..\(e.adding(days: -1))"))
                        continue
                    }
                    out.append(Bill(start: s, end: e, usage: value))
                }
            }
            return (out.sorted { $0.start < $1.start }, excluded)
        }
        let use = try dailyUse(sel, period)
        var out: [Bill] = []
        var month = CivilDate(year: period.start.year, month: period.start.month, day: 1)
        while month < period.end {
            let next = month.adding(months: 1)
            defer { month = next }
            guard belongs(month, next) else { continue }
            var total = 0.0
            var missing = 0
            var d = month
            while d < next {
                if let u = use[d] { total += u } else { missing += 1 }
                d = d.adding(days: 1)
            }
            if missing > 0 {
                excluded.append(.monthWithoutUsage(span: "\(month)..\(next.adding(days: -1))", days: missing))
                continue
            }
            out.append(Bill(start: month, end: next, usage: total))
        }
        return (out, excluded)
    }

    public func savings(_ selection: Selection, baseline: Period, reporting: Period) throws -> Result {
        // M&V periods are a year or two; a decade is plenty and keeps a request's work bounded.
        for (name, p) in [("baseline", baseline), ("reporting", reporting)] where p.days > 3660 {
            throw EngineError.periodTooLong(name: name, period: p.id, days: p.days)
        }
        let sel = try comparison.resolve(selection)
        guard !sel.seriesIDs.isEmpty else { throw EngineError.noStoredData(selection: selection.description) }
        let temp = try temperatureSeries()
        let store = comparison.store
        let allIntervals = try sel.seriesIDs.allSatisfy { try store.series(id: $0)?.kind == .intervalTotal }
        // Interval totals of a day or less (AMI downloads) are daily data; longer ones are bills.
        let fromIntervals = try allIntervals && medianIntervalMs(sel, baseline) > Self.longestDailyIntervalMs
        let method: DailyModelFitter.Frequency =
            switch options.method {
            case .daily, .hourly: .daily
            case .billing: .billing
            case .auto: fromIntervals ? .billing : .daily
            }
        if method == .daily && fromIntervals {
            throw EngineError.holdsBillsNotDailyData(selection: selection.description)
        }
        let workCalendar = comparison.config.site.workCalendar
        let toUnit: (Double) -> Double = options.unit == .fahrenheit ? { $0 * 9 / 5 + 32 } : { $0 }
        var excluded: [Phrase] = []
        /// The period's model inputs, and how many of its days they cover.
        func periods(_ p: Period) throws -> (periods: [ModelPeriod], days: Int) {
            // Bills can reach 70 days beyond the period.
            let margin = method == .billing ? 71 : 0
            let temps = try DailyTemperature.means(
                store: store, series: temp.id, from: p.start.adding(days: -margin), to: p.end.adding(days: margin))
            switch method {
            case .daily:
                let use = try dailyUse(sel, p)
                var out: [ModelPeriod] = []
                var d = p.start
                while d < p.end {
                    if let u = use[d], let t = temps[d] {
                        let type: DayType = workCalendar.isWorkingDay(d) ? .working : .nonWorking
                        out.append(ModelPeriod(start: d.description, days: 1, usage: u, temperatures: [toUnit(t)], dayType: type))
                    }
                    d = d.adding(days: 1)
                }
                return (out, out.count)
            case .billing:
                let (bills, skipped) = try self.bills(sel, p, fromIntervals: fromIntervals)
                excluded += skipped
                var out: [ModelPeriod] = []
                for b in bills {
                    let days = b.end.daysSinceEpoch - b.start.daysSinceEpoch
                    let label = "\(b.start)..\(b.end.adding(days: -1))"
                    // CalTRACK 2.2.3: off-cycle reads (< 25 days) and over-long periods (> 70 days) are dropped.
                    guard days >= 25 && days <= 70 else {
                        excluded.append(.billLength(label: label, days: days))
                        continue
                    }
                    var ts: [Double] = []
                    var d = b.start
                    while d < b.end {
                        if let t = temps[d] { ts.append(toUnit(t)) }
                        d = d.adding(days: 1)
                    }
                    guard Double(ts.count) >= 0.9 * Double(days) else {
                        excluded.append(.billTemperatures(label: label, covered: ts.count, days: days))
                        continue
                    }
                    out.append(ModelPeriod(start: b.start.description, days: days, usage: b.usage, temperatures: ts))
                }
                return (out, out.reduce(0) { $0 + $1.days })
            }
        }
        let (base, coveredDays) = try periods(baseline)
        let (rep, _) = try periods(reporting)
        var reasons: [Phrase] = []
        if baseline.days < 365 { reasons.append(.baselineShort(days: baseline.days)) }
        let missing = baseline.days == 0 ? 1 : max(0, Double(baseline.days - coveredDays) / Double(baseline.days))
        if missing > 0.10 {
            reasons.append(.baselineGappy(missingPercent: missing * 100))
        }
        if baseline.end > reporting.start { reasons.append(.baselineOverlaps) }
        let sufficiency = Sufficiency(
            baselineDays: baseline.days, usableDays: coveredDays, missingFraction: missing, sufficient: reasons.isEmpty, reasons: reasons)
        let fitOptions = DailyModelFitter.Options(unit: options.unit, grid: options.grid, frequency: method)
        guard let r = AvoidedEnergyUse.compute(baseline: base, reporting: rep, options: fitOptions, confidence: options.confidence) else {
            let what = method == .daily ? "days" : "bills"
            throw EngineError.noModel(baseline: base.count, reporting: rep.count, unit: what)
        }
        func point(_ p: ModelPeriod, _ period: String) -> Point {
            Point(day: p.start, days: p.days, temperature: p.meanTemperature, usage: p.usagePerDay, period: period, dayType: p.dayType)
        }
        let points = base.map { point($0, "baseline") } + rep.map { point($0, "reporting") }
        let rawChangePerDay = r.reportingObserved / Double(max(1, r.reportingDays)) - r.baselineObserved / Double(max(1, r.baselineDays))
        let reportingFit = AvoidedEnergyUse.compute(baseline: rep, reporting: rep, options: fitOptions, confidence: options.confidence)
        let normalized = try options.normalYearMeter.map {
            try normalizedSavings(meter: $0, baseline: r, reportingFit: reportingFit, fitOptions: fitOptions, toUnit: toUnit)
        }
        return Result(
            selection: sel.description, unit: sel.unit, baselinePeriod: baseline.id, reportingPeriod: reporting.id,
            temperatureMeter: temp.key.meter, temperatureUnit: options.unit, model: r.model, nonWorkingModel: r.nonWorkingModel,
            structure: r.structure, candidates: r.candidates,
            statistics: r.baseline, sufficiency: sufficiency, reportingDays: r.reportingDays, baselineObserved: r.baselineObserved,
            reportingObserved: r.reportingObserved, reportingPredicted: r.reportingPredicted, savings: r.savings,
            savingsPercent: r.savingsPercent, rawChangePerDay: rawChangePerDay, uncertainty: r.uncertainty,
            confidence: options.confidence, method: method,
            meetsGuideline14: r.baseline.meetsGuideline14(method),
            excluded: excluded, normalized: normalized, reportingModel: reportingFit?.model,
            reportingNonWorkingModel: reportingFit?.nonWorkingModel, points: points)
    }

    /// Normalised savings over the typical year stored on `meter`: its daily means (the latest
    /// 365 days it holds), predicted by the baseline model and by a model of the reporting period.
    func normalizedSavings(
        meter: String, baseline: AvoidedEnergyUse, reportingFit: AvoidedEnergyUse?,
        fitOptions: DailyModelFitter.Options, toUnit: (Double) -> Double
    ) throws -> NormalizedSavings {
        let store = comparison.store
        guard let series = try store.allSeries().first(where: { $0.key.meter == meter && $0.key.quantity == .temperature }) else {
            throw EngineError.noTypicalYear(meter: meter)
        }
        let cal = store.calendar
        guard let last = try store.latestSample(series: series.id) else { throw EngineError.typicalYearEmpty(meter: meter) }
        let end = cal.civilDate(at: last.ms).adding(days: 1)
        let means = try DailyTemperature.means(store: store, series: series.id, from: end.adding(days: -365), to: end)
        guard means.count >= 328 else {
            throw EngineError.typicalYearShort(meter: meter, days: means.count, before: "\(end)")
        }
        guard let reportingFit else {
            throw EngineError.noReportingModel
        }
        let calendar = comparison.config.site.workCalendar
        let normal = means.map { day, t in
            ModelPeriod(
                start: "\(day)", days: 1, usage: 0, temperatures: [toUnit(t)], dayType: calendar.isWorkingDay(day) ? .working : .nonWorking)
        }
        var eb = 0.0
        var er = 0.0
        for d in normal {
            eb += baseline.predict(d)
            er += reportingFit.predict(d)
        }
        func uncertainty(_ fit: AvoidedEnergyUse, _ predicted: Double) -> Double {
            SavingsUncertainty(
                statistics: fit.baseline, predictedReporting: predicted, reportingPoints: normal.count, months: 12,
                savings: nil, confidence: options.confidence, frequency: fitOptions.frequency == .daily ? .daily : .billing
            ).absolute
        }
        let ub = uncertainty(baseline, eb)
        let ur = uncertainty(reportingFit, er)
        return NormalizedSavings(
            temperatureMeter: meter, days: normal.count, reportingModel: reportingFit.model, baselinePredicted: eb,
            reportingPredicted: er, savings: eb - er, savingsPercent: (eb - er) / eb * 100, uncertainty: (ub * ub + ur * ur).squareRoot())
    }
}
