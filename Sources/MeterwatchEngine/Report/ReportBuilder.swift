import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Builds the council report from comparisons, KPIs, savings and emission factors.
///
/// ```swift
/// let report = try ReportBuilder(engine: engine).build(period: try Period.parse("2019H2"), against: .previousYear, language: .zhTW)
/// ReportRenderer.render(report, format: .md)
/// ```
/// A period in progress is reported to date against the same span of the baseline, or, with
/// `completeMonthsOnly`, cut at the start of the current month (then it is over, and complete).
public struct ReportBuilder: Sendable {
    public let engine: ComparisonEngine
    public init(engine: ComparisonEngine) { self.engine = engine }

    /// The period a report covers: the period asked for, or with `completeMonthsOnly` and a period
    /// in progress, its complete months (nil when not one month is complete yet).
    public func reportedPeriod(_ period: Period, completeMonthsOnly: Bool) -> Period? {
        guard completeMonthsOnly, engine.toDateEnd(of: period) != nil else { return period }
        let today = engine.calendar.civilDate(at: engine.now)
        let monthStart = CivilDate(year: today.year, month: today.month, day: 1)
        guard monthStart > period.start else { return nil }
        return Period(kind: .custom, start: period.start, end: monthStart)
    }

    /// - Parameters:
    ///   - weatherBaseline: the period the weather model is fitted on; nil: the comparison's baseline
    ///     period when it spans a year or more, else the 365 days ending with it. Rows get a
    ///     weather-adjusted change only when outdoor temperatures are stored.
    ///   - completeMonthsOnly: cut a period in progress at the start of the current month.
    public func build(
        period requested: Period, against: Baseline, language: Language, notes: ReportNotes = ReportNotes(),
        weatherBaseline: Period? = nil, completeMonthsOnly: Bool = false
    ) throws -> CouncilReport {
        let config = engine.config
        let period = reportedPeriod(requested, completeMonthsOnly: completeMonthsOnly) ?? requested
        let (basePeriod, _) = engine.baselinePeriod(for: period, against)
        let savings = SavingsEngine(comparison: engine)
        let hasWeather = (try? savings.temperatureSeries()) != nil
        let modelBaseline =
            weatherBaseline
            ?? (basePeriod.days >= 365 ? basePeriod : Period(kind: .custom, start: basePeriod.end.adding(days: -365), end: basePeriod.end))
        var rows: [ReportRow] = []
        var labels: (SideLabel, SideLabel)?
        var inProgress = false
        for category in config.report.categories {
            let sel: ResolvedSelection
            do { sel = try engine.resolve(.category(category)) } catch { continue }  // a category the site doesn't track
            let c = try engine.compare(sel, period: period, against: against)
            labels = labels ?? (c.current.label, c.baseline.label)
            inProgress = c.inProgress
            var row = ReportRow(
                category: category, unit: sel.unit, current: c.current.value, baseline: c.baseline.value,
                change: c.change?.absolute, changePercent: c.change?.percent, note: notes.note(category.rawValue, language),
                currentCoverage: c.current.coverage, baselineCoverage: c.baseline.coverage, basis: c.basis,
                comparedDays: c.comparedDays, reason: c.reason, warnings: c.warnings, weatherAdjusted: nil)
            if hasWeather && (category == .electricity || category == .water) && c.basis != .notComparable {
                do {
                    let r = try savings.savings(.category(category), baseline: modelBaseline, reporting: period)
                    row.weatherAdjusted = WeatherAdjustedChange(
                        change: -r.savings, changePercent: -r.savingsPercent, uncertainty: r.uncertainty.absolute,
                        counterfactual: r.reportingPredicted,
                        metered: r.reportingObserved, modelBaseline: modelBaseline.id, model: r.model, meetsGuideline14: r.meetsGuideline14,
                        sufficient: r.sufficiency.sufficient)
                    if !r.sufficiency.sufficient { row.warnings.append(.weatherInsufficient(r.sufficiency.reasons)) }
                    if r.reportingDays < period.days, !c.inProgress {
                        row.warnings.append(.weatherPartial(days: r.reportingDays, of: period.days))
                    }
                } catch let e as EngineError {
                    row.warnings.append(.weatherUnavailable(e.phrase))
                }
            }
            rows.append(row)
        }
        // Several buildings: every building's rows too, and each KPI's for the buildings it applies to.
        let kpis = try KPIEvaluator(engine: engine).evaluateByBuilding(period: period, enteredFor: requested)
        let buildingRows = try self.buildingRows(period: period, against: against, language: language)
        var carbon: CarbonFootprint?
        if let sel = try? engine.resolve(.category(.electricity)), !sel.seriesIDs.isEmpty {
            carbon = try footprint(sel, period: period, against: against)
            carbon?.remarks = notes.note("carbon", language).map { [$0] } ?? []
        }
        var money: EnergyCost?
        var storage: [ReportStorage] = []
        if let sel = try? engine.resolve(.category(.electricity)), !sel.seriesIDs.isEmpty,
            let setup = try? BillingSetup(config: config), !setup.meters.isEmpty
        {
            storage = try storageEarnings(setup: setup, period: period, baseline: basePeriod, language: language)
            let c = try engine.compare(sel, period: period, against: against)
            // A day the tariff cannot price (off-peak days not listed): the report goes on without NT$.
            if var m = try? EnergyCost.of(c, selection: sel, config: config, store: engine.store, setup: setup) {
                // The report names buildings, not ids.
                m.buildings = m.buildings.map { id in config.buildings.first { $0.id == id }?.displayName(language) ?? id }
                money = m
            }
        }
        let sides = labels ?? (.whole(period), .whole(basePeriod))
        return CouncilReport(
            site: config.site.name.text(language) ?? "", language: language, period: period.id, periodLabel: sides.0.text(language),
            baselinePeriod: basePeriod.id, baselineLabel: Self.baselineLabel(sides.1, basePeriod, against, language),
            inProgress: inProgress, completeMonthsOnly: period != requested, rows: rows, buildingRows: buildingRows, kpis: kpis,
            carbon: carbon, money: money, storage: storage, kpiNote: notes.note("kpi", language),
            weatherBaseline: rows.contains { $0.weatherAdjusted != nil } ? modelBaseline.id : nil)
    }

    /// Each storage system's earnings, month by month over the period's complete months (up to the
    /// current month), and over as many months from the baseline's start. A month the tariff cannot
    /// bill leaves that side out (nil) rather than the report.
    func storageEarnings(setup: BillingSetup, period: Period, baseline: Period, language: Language) throws -> [ReportStorage] {
        let today = engine.calendar.civilDate(at: engine.now)
        let thisMonth = CivilDate(year: today.year, month: today.month, day: 1)
        var starts: [CivilDate] = []
        var month = CivilDate(year: period.start.year, month: period.start.month, day: 1)
        if month < period.start { month = month.adding(months: 1) }
        while month.adding(months: 1) <= period.end && month.adding(months: 1) <= thisMonth {
            starts.append(month)
            month = month.adding(months: 1)
        }
        guard !starts.isEmpty else { return [] }
        let shift = (baseline.start.year - period.start.year) * 12 + baseline.start.month - period.start.month
        let billing = BillingEngine(setup: setup, store: engine.store)
        var out: [ReportStorage] = []
        for billed in setup.meters.values.sorted(by: { $0.meter.id < $1.meter.id }) where !billed.storage.isEmpty {
            func earned(_ months: [CivilDate]) -> StorageEarnings? {
                let each = months.map { try? billing.storageEarnings(meter: billed.meter.id, from: $0, to: $0.adding(months: 1)) }
                guard each.allSatisfy({ $0 != nil }) else { return nil }
                return StorageEarnings.sum(each.compactMap { $0 })
            }
            let current = earned(starts)
            guard current != nil else { continue }
            out.append(
                ReportStorage(
                    meter: billed.meter.displayName(language), months: starts.count, current: current,
                    baseline: earned(starts.map { $0.adding(months: shift) })))
        }
        return out
    }

    /// Each category's comparison for every building of a deployment of several (none for one
    /// building, or a report narrowed to one), category by category in `sites:` order: the rows a
    /// council report adds below its totals. Raw changes only: the weather model is the whole's.
    func buildingRows(period: Period, against: Baseline, language: Language) throws -> [ReportRow] {
        let config = engine.config
        guard config.scope == nil, config.buildings.count > 1 else { return [] }
        let batched = try engine.forManySelections()
        var out: [ReportRow] = []
        for category in config.report.categories {
            for building in config.buildings {
                guard let scoped = config.scoped(to: building.id) else { continue }
                let inBuilding = batched.narrowed(to: scoped)
                guard let sel = try? inBuilding.resolve(.category(category)), !sel.seriesIDs.isEmpty else { continue }
                let c = try inBuilding.compare(sel, period: period, against: against)
                out.append(
                    ReportRow(
                        category: category, site: building.id, building: building.displayName(language), unit: sel.unit,
                        current: c.current.value, baseline: c.baseline.value, change: c.change?.absolute, changePercent: c.change?.percent,
                        note: nil, currentCoverage: c.current.coverage, baselineCoverage: c.baseline.coverage, basis: c.basis,
                        comparedDays: c.comparedDays, reason: c.reason, warnings: c.warnings, weatherAdjusted: nil))
            }
        }
        return out
    }

    /// How the report's baseline column is headed: `108年同期` for last year's period.
    static func baselineLabel(_ side: SideLabel, _ p: Period, _ against: Baseline, _ l: Language) -> String {
        if case .sameDatesLastYear = side { return side.text(l) }
        switch (against, l) {
        case (.previousYear, .zhTW): return "\(p.start.rocYear)年同期"
        case (.previousYear, .en): return "same period last year (\(side.text(.en)))"
        case (.previousPeriod, .zhTW): return "上期（\(side.text(.zhTW))）"
        case (.previousPeriod, .en): return "previous period (\(side.text(.en)))"
        case (.period, _): return side.text(l)
        }
    }

    /// kWh per month × the factor of that month's year, over the spans the comparison measured; a
    /// year without a published factor uses the latest one and says so.
    func footprint(_ sel: ResolvedSelection, period: Period, against: Baseline) throws -> CarbonFootprint {
        let c = try engine.compare(sel, period: period, against: against)
        let factors = engine.config.report.emissionFactors
        var used: [Int: EmissionFactor] = [:]
        var notes: [Phrase] = []
        func kg(_ a: Int64, _ b: Int64) throws -> Double {
            var sum = CompensatedSum()
            for m in try engine.store.bucketTotals(series: sel.seriesIDs, resolution: .month, from: a, to: b) {
                let year = engine.calendar.civilDate(at: m.start).year
                guard
                    let f = factors.first(where: { $0.year == year }) ?? factors.filter({ $0.year < year }).max(by: { $0.year < $1.year })
                        ?? factors.first
                else { continue }
                if f.year != year, !notes.contains(.provisionalFactor(year: year, usedYear: f.year, factor: f.kgCO2ePerKWh)) {
                    notes.append(.provisionalFactor(year: year, usedYear: f.year, factor: f.kgCO2ePerKWh))
                }
                used[f.year] = f
                // Only the part of the month inside the span counts (custom ranges and spans to date cut months).
                let inside =
                    m.start >= a && m.end <= b
                    ? m.total.value : try engine.store.totals(series: sel.seriesIDs, from: max(a, m.start), to: min(b, m.end)).value
                sum.add(inside * f.kgCO2ePerKWh)
            }
            return sum.value
        }
        let current = try kg(c.current.startMs, c.current.endMs)
        let base = try kg(c.baseline.startMs, c.baseline.endMs)
        return CarbonFootprint(
            currentKg: current, baselineKg: base, comparable: c.basis == .whole || c.basis == .toDate,
            factors: used.values.sorted { $0.year < $1.year }, notes: notes)
    }
}
