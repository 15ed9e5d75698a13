import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// The Compare page: month by month against the baseline, and weather-normalised savings.
struct CompareView: Sendable {
    let layout: LayoutView
    let form: PeriodFormView
    let error: String?
    let panels: [Panel]

    struct Panel: Sendable {
        var monthly: MonthlyPanel?
        var weather: WeatherPanel?
        var failure: Failure?
    }

    /// A panel that could not be computed, with why (in the reader's language).
    struct Failure: Sendable {
        let cssClass: String
        let title: String
        let message: String
    }

    struct MonthRow: Sendable {
        let month: String
        let current: String
        let baseline: String
        let change: String
        let percent: String
        let inProgress: Bool
    }

    struct MonthlyPanel: Sendable {
        let title: String
        let currentLabel: String
        let baselineLabel: String
        let chart: String
        let monthLabel: String
        let unit: String
        let changeLabel: String
        let rows: [MonthRow]
        let totalLabel: String
        let total: String
        let totalBaseline: String
        let totalChange: String
        let totalPercent: String
        let warnings: [String]
    }

    struct FigureRow: Sendable {
        let label: String
        let value: String
    }

    struct WeatherPanel: Sendable {
        let title: String
        let chart: String
        let unit: String
        let rows: [FigureRow]
        let notes: [String]
    }

    init(_ c: PageContext, _ def: DashboardDefinition) {
        layout = c.layout(def)
        let periodText = c.query["period"] ?? def.defaultPeriod ?? String(c.calendar.civilDate(at: c.now).year)
        form = PeriodFormView(c, def, period: periodText)
        let period: Period
        let against: Baseline
        do {
            period = try Period.parse(periodText)
            against = try Baseline.parse(c.query["against"] ?? "previous-year")
        } catch {
            self.error = "\(error)"
            panels = []
            return
        }
        self.error = nil
        let engine = c.engine
        panels = def.panels.compactMap { p in
            switch p.kind {
            case .monthly: Self.monthly(c, p, engine: engine, period: period, against: against)
            case .weather: Self.weather(c, p, engine: engine, reporting: period, against: against)
            default: nil
            }
        }
    }

    static func categoryTitle(_ c: PageContext, _ category: MeterCategory) -> String {
        switch category {
        case .water: c.t(.water)
        case .electricity: c.t(.electricity)
        case .fuel: c.t(.fuel)
        default: c.t(.category(category))
        }
    }

    static func failure(_ c: PageContext, _ cls: String, _ title: String, _ error: any Error) -> Panel {
        Panel(failure: Failure(cssClass: cls, title: title, message: ErrorText.phrase(error).map(c.t) ?? "\(error)"))
    }

    static func monthly(_ c: PageContext, _ p: DashboardDefinition.Panel, engine: ComparisonEngine, period: Period, against: Baseline)
        -> Panel
    {
        let category = p.category ?? .electricity
        let selection: Selection = p.meters.count == 1 ? .meter(p.meters[0]) : .category(category)
        let title = p.title?.text(c.lang) ?? categoryTitle(c, category)
        do {
            let sel = try engine.resolve(selection)
            let cmp = try engine.compare(sel, period: period, against: against)
            let months = try engine.monthly(sel, period: period, against: against)
            let unit = c.unitName(cmp.current.unit)
            let decimals = DisplayUnits.decimals(cmp.current.unit)
            let labels = months.map { c.t(.chartMonth($0.month.start.month)) }
            let currentLabel = cmp.current.label.text(c.lang)
            let baselineLabel = cmp.baseline.label.text(c.lang)
            let chart = SVGChart.bars(
                labels: labels,
                series: [
                    (baselineLabel, "series-baseline", months.map(\.baseline)),
                    (currentLabel, "series-current", months.map(\.current)),
                ], unit: unit, label: "\(title) \(currentLabel)", partial: Set(months.indices.filter { months[$0].inProgress }))
            let rows = months.map { m in
                MonthRow(
                    month: m.month.id, current: m.current.map { c.num($0, decimals) } ?? "",
                    baseline: m.baseline.map { c.num($0, decimals) } ?? "",
                    change: m.change.map { DisplayFormat.number($0, decimals: decimals, explicitPlus: true) } ?? "",
                    percent: m.current == nil ? "" : c.signedPercent(m.changePercent), inProgress: m.inProgress)
            }
            let na = c.t(.notApplicable)
            return Panel(
                monthly: MonthlyPanel(
                    title: "\(title): \(currentLabel) / \(baselineLabel)", currentLabel: currentLabel, baselineLabel: baselineLabel,
                    chart: chart,
                    monthLabel: c.t(.month), unit: unit, changeLabel: c.t(.change), rows: rows, totalLabel: c.t(.total),
                    total: c.num(cmp.current.value, decimals), totalBaseline: c.num(cmp.baseline.value, decimals),
                    totalChange: cmp.change.map { DisplayFormat.number($0.absolute, decimals: decimals, explicitPlus: true) } ?? na,
                    totalPercent: cmp.change == nil ? na : c.signedPercent(cmp.change?.percent),
                    warnings: (cmp.reason.map { [c.t($0)] } ?? []) + cmp.warnings.map(c.t)))
        } catch {
            return failure(c, "monthly", title, error)
        }
    }

    /// The weather-normalised view: daily use against outdoor temperature, the baseline model and
    /// the reporting period's model drawn over it, and avoided use with its uncertainty.
    static func weather(_ c: PageContext, _ p: DashboardDefinition.Panel, engine: ComparisonEngine, reporting: Period, against: Baseline)
        -> Panel
    {
        let category = p.category ?? .electricity
        let selection: Selection = p.meters.count == 1 ? .meter(p.meters[0]) : .category(category)
        let title = p.title?.text(c.lang) ?? c.t(.weatherTitle)
        do {
            let baseline = try p.baseline.map { try Period.parse($0) } ?? engine.baselinePeriod(for: reporting, against).0
            let r = try SavingsEngine(comparison: engine).savings(selection, baseline: baseline, reporting: reporting)
            let unit = c.unitName(r.unit)
            let perDay = c.t(.perDay(unit: unit))
            func pointTitle(_ pt: SavingsEngine.Point) -> String {
                let span = pt.days > 1 ? " (\(pt.days) \(c.t(.days)))" : ""
                return "\(pt.day)\(span): \(c.num(pt.temperature, 1)) °C, \(c.num(pt.usage)) \(perDay)"
            }
            let temps = r.points.map(\.temperature)
            func line(_ m: DailyModel, _ name: String, _ cls: String) -> SVGChart.Line {
                // The model is piecewise linear: its breakpoints and the ends draw it exactly.
                guard let lo = temps.min(), let hi = temps.max() else { return .init(name: name, cssClass: cls, points: []) }
                let xs = ([lo, hi] + [m.heatingBalancePoint, m.coolingBalancePoint].compactMap { $0 }.filter { $0 > lo && $0 < hi })
                    .sorted()
                return .init(name: name, cssClass: cls, points: xs.map { ($0, m.predict(temperature: $0)) })
            }
            // Points coloured by day type (faint: baseline, strong: reporting); a line per model and day type.
            let dayTypes: [(DayType, Phrase, String)] = [
                (.working, .workingDay, "day-working"), (.nonWorking, .nonWorkingDay, "day-non-working"),
            ]
            var lines: [SVGChart.Line] = []
            for (type, _, cls) in dayTypes {
                if let m = type == .working ? r.model : r.nonWorkingModel {
                    lines.append(line(m, c.t(.baselineModel), "fit-baseline \(cls)"))
                }
            }
            if let rm = r.reportingModel { lines.append(line(rm, c.t(.reportingModel), "fit-current day-working")) }
            if let rm = r.reportingNonWorkingModel { lines.append(line(rm, c.t(.reportingModel), "fit-current day-non-working")) }
            var series: [SVGChart.ScatterSeries] = []
            for (period, label, seriesClass) in [
                ("baseline", baseline.label(c.lang), "series-baseline"), ("reporting", reporting.label(c.lang), "series-current"),
            ] {
                for (type, name, cls) in dayTypes {
                    let points = r.points.filter { $0.period == period && ($0.dayType ?? .working) == type }
                    series.append(
                        .init(
                            name: "\(label) \(c.t(name))", cssClass: "\(seriesClass) \(cls)",
                            points: points.map { ($0.temperature, $0.usage, pointTitle($0)) }))
                }
            }
            let keys: [(name: String, cssClass: String)] =
                [
                    (c.t(.workingDay), "day-working"), (c.t(.nonWorkingDay), "day-non-working"),
                    (baseline.label(c.lang), "series-baseline"), (reporting.label(c.lang), "series-current"),
                    (c.t(.baselineModel), "fit-baseline"),
                ] + (r.reportingModel == nil ? [] : [(c.t(.reportingModel), "fit-current")])
            let chart = SVGChart.scatter(
                series, lines: lines, xUnit: "°C", yUnit: perDay, label: "\(title): \(c.t(.usageAgainstTemperature))", legend: keys)
            func terms(_ m: DailyModel) -> String {
                var terms = ["\(c.num(m.intercept, 1))"]
                if let b = m.heatingSlope, let bp = m.heatingBalancePoint { terms.append("\(c.num(b, 2)) × HDD(\(c.num(bp, 1)) °C)") }
                if let b = m.coolingSlope, let bp = m.coolingBalancePoint { terms.append("\(c.num(b, 2)) × CDD(\(c.num(bp, 1)) °C)") }
                return terms.joined(separator: " + ")
            }
            let equations =
                r.nonWorkingModel.map { nonWorking in
                    "\(c.t(.workingDay)): \(perDay) = \(terms(r.model)); \(c.t(.nonWorkingDay)): \(perDay) = \(terms(nonWorking))"
                } ?? "\(perDay) = \(terms(r.model))"
            let s = r.statistics
            let rows = [
                FigureRow(label: c.t(.counterfactual), value: c.num(r.reportingPredicted)),
                FigureRow(label: c.t(.metered), value: c.num(r.reportingObserved)),
                FigureRow(
                    label: c.t(.avoidedUse),
                    value:
                        "\(DisplayFormat.number(r.savings, decimals: 0, explicitPlus: true)) ± \(c.num(r.uncertainty.absolute)) "
                        + "(\(c.num(r.savingsPercent, 2)) %)"
                ),
                FigureRow(label: c.t(.rawChangePerDay), value: DisplayFormat.number(r.rawChangePerDay, decimals: 1, explicitPlus: true)),
            ]
            var notes = [
                "\(c.t(.model)) (\(c.t(.modelStructure(r.structure)))): \(equations); R² \(c.num(s.r2, 3)), "
                    + "CV(RMSE) \(c.num(s.cvrmse * 100, 1)) %, NMBE \(c.num(s.nmbe * 100, 2)) %, n \(s.n); "
                    + "\(c.t(.uncertaintyAtConfidence)) \(c.num(r.confidence * 100)) %."
            ]
            if !r.sufficiency.sufficient {
                notes.append(c.t(.baselineInsufficient) + ": " + r.sufficiency.reasons.map(c.t).joined(separator: c.lang.pick("; ", "；")))
            }
            if !r.meetsGuideline14 { notes.append(c.t(.outsideGuideline14)) }
            return Panel(
                weather: WeatherPanel(
                    title: "\(title): \(reporting.label(c.lang)) / \(c.t(.baselineModel)) \(baseline.label(c.lang))",
                    chart: chart, unit: unit, rows: rows, notes: notes))
        } catch {
            return failure(c, "weather", title, error)
        }
    }
}
