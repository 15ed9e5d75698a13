import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Period-over-period comparisons from rollups.
///
/// ```swift
/// let engine = ComparisonEngine(config: config, store: store, now: clock.nowMs())
/// let c = try engine.compare(.category(.electricity), period: Period.parse("2019H2"), against: .previousYear)
/// c.change?.absolute    // -144000
/// ```
/// Answers stay honest with real calendars and real gaps:
/// - a period in progress is compared **to the data**: its start to the earlier of now and where
///   the selection's data ends (a daily download through yesterday ends at midnight), against the
///   same span of the baseline (the same dates and hours last year); a meter silent for longer
///   than `report.data_lag` is named as late instead of holding every figure back;
/// - a single day is compared with a day of the same kind and weekday (`DayAlignment`), never
///   with last year's same date;
/// - when the two sides' coverage differs by more than `report.coverage_warning`, only the days
///   both sides cover are compared, and the comparison says so; when those are fewer than half the
///   days, the sides are **not comparable** and no change is given.
public struct ComparisonEngine: Sendable {
    public let config: SiteConfig
    public let store: any ReadingStore
    public var now: Int64
    /// The store's series read once, for a caller resolving many selections in a row (the
    /// portfolio); nil: each resolution asks the store.
    public var knownSeries: [SeriesKey: SeriesInfo]?
    /// Readings not yet in `store` (a central's own SQLite file): named when an answer is empty.
    public var unforwarded: UnforwardedReadings?
    /// Where each series of `covers` ends (absent: no data), read once for such a caller; nil:
    /// asked per selection.
    public var knownDataEnds: (covers: Set<Int64>, ends: [Int64: Int64])?

    public init(config: SiteConfig, store: any ReadingStore, now: Int64 = SystemClock().nowMs()) {
        self.config = config
        self.store = store
        self.now = now
    }

    /// This engine for many selections compared over the same ranges (every building of a
    /// deployment, then `narrowed(to:)` each): selections resolve against one read of the store's
    /// series, and a remote store reads each range's rows of the series `summed` once for all of them.
    public func forManySelections(summing summed: (SeriesInfo) -> Bool = { _ in true }) throws -> ComparisonEngine {
        let series = try knownSeries.map { Array($0.values) } ?? store.allSeries()
        var engine = ComparisonEngine(config: config, store: store.batchingTotals(over: series.filter(summed).map(\.id).sorted()), now: now)
        engine.knownSeries = Dictionary(series.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = series.filter(summed).map(\.id).sorted()
        engine.knownDataEnds = try knownDataEnds ?? (Set(ids), store.dataEnds(series: ids))
        return engine
    }

    /// The same store and time with another configuration (one building's: `SiteConfig.scoped(to:)`).
    public func narrowed(to config: SiteConfig) -> ComparisonEngine {
        var engine = ComparisonEngine(config: config, store: store, now: now)
        engine.knownSeries = knownSeries
        engine.knownDataEnds = knownDataEnds
        engine.unforwarded = unforwarded
        return engine
    }

    public var calendar: LocalCalendar { store.calendar }

    /// Below this share of days covered on both sides, a comparison is not made.
    public static let minimumCommonShare = 0.5

    // MARK: Selections

    /// The meters making up a category's site total: `report.site_meters`, else in each building
    /// the category's meters tagged `main`, else all its meters; fuel adds every vehicle of the
    /// fuel log (where the fleet counts).
    public func siteMeters(_ category: MeterCategory) throws -> [SeriesKey] {
        var ids: [String]
        if let configured = config.report.siteMeters[category] {
            ids = configured
        } else {
            ids = []
            for building in config.buildings {
                let all = config.meters.filter { $0.category == category && $0.site == building.id }
                let main = all.filter { $0.tags.contains("main") }
                ids += (main.isEmpty ? all : main).map(\.id)
            }
        }
        var keys = ids.map { SeriesKey(meter: $0, quantity: config.meter(id: $0)?.mainQuantity ?? category.mainQuantity) }
        if category == .fuel && config.report.siteMeters[.fuel] == nil && config.includesFleet {
            let all = try knownSeries.map { Array($0.values) } ?? store.allSeries()
            keys += all.filter { $0.key.meter.hasPrefix("vehicle:") && $0.key.quantity == .fuelVolume }.map(\.key).sorted {
                $0.meter < $1.meter
            }
        }
        return keys
    }

    public func resolve(_ selection: Selection) throws -> ResolvedSelection {
        let keys = try keys(of: selection)
        let units = Set(keys.compactMap { $0.quantity.canonical?.unit })
        guard units.count <= 1 else { throw EngineError.mixedUnits(selection: selection.description, units: units.sorted()) }
        var ids: [Int64] = []
        var fuelLog = Set<Int64>()
        var missing: [String] = []
        var meterOf: [Int64: String] = [:]
        for key in keys {
            if let info = try knownSeries.map({ $0[key] }) ?? store.series(key) {
                ids.append(info.id)
                meterOf[info.id] = key.meter
                if key.meter.hasPrefix("vehicle:") { fuelLog.insert(info.id) }
            } else {
                missing.append(key.meter)
            }
        }
        if case .vehicle(let plate) = selection, ids.isEmpty { throw EngineError.noRefuels(vehicle: plate) }
        return ResolvedSelection(
            description: selection.description, unit: units.first ?? "", seriesIDs: ids, fuelLogSeriesIDs: fuelLog,
            meterCount: keys.count, metersWithoutData: missing, meterOf: meterOf, keys: keys)
    }

    /// The series a selection names, with or without data.
    func keys(of selection: Selection) throws -> [SeriesKey] {
        var keys: [SeriesKey]
        switch selection {
        case .meter(let id):
            guard let m = config.meter(id: id) else { throw EngineError.unknownMeter(id) }
            keys = [SeriesKey(meter: m.id, quantity: m.mainQuantity)]
        case .tag(let tag):
            keys = config.meters.filter { $0.tags.contains(tag) }.map { SeriesKey(meter: $0.id, quantity: $0.mainQuantity) }
            guard !keys.isEmpty else { throw EngineError.noMeterWithTag(tag) }
        case .category(let c):
            keys = try siteMeters(c)
            guard !keys.isEmpty else { throw EngineError.noMeterInCategory(c) }
        case .vehicle(let plate):
            keys = [SeriesKey(meter: MeterStore.vehicleMeter(plate), quantity: .fuelVolume)]
        }
        return keys
    }

    /// The baseline of `period`. A single day's is a day of the same kind and weekday: 52 weeks
    /// back against the previous year, a week back against the previous period.
    public func baselinePeriod(for period: Period, _ against: Baseline) -> (Period, [Phrase]) {
        let days = DayAlignment(calendar: config.site.workCalendar)
        func oneDay(_ aligned: (day: CivilDate, notes: [Phrase])) -> (Period, [Phrase]) {
            (Period(kind: .day, start: aligned.day, end: aligned.day.adding(days: 1)), aligned.notes)
        }
        switch against {
        case .previousYear: return period.kind == .day ? oneDay(days.lastYear(of: period.start)) : period.previousYear()
        case .previousPeriod: return period.kind == .day ? oneDay(days.lastWeek(of: period.start)) : (period.previousPeriod(), [])
        case .period(let p): return (p, [])
        }
    }

    /// Whether the baseline's days pair with the period's by date last year (29 February → 28
    /// February), rather than by their place from each start (a day aligned by weekday, a period
    /// against the one before).
    func pairsByDateLastYear(_ period: Period, _ against: Baseline) -> Bool {
        if case .previousYear = against { return period.kind != .day }
        return false
    }

    // MARK: Spans

    /// The end of a period in progress: the start of the current quarter hour, the finest bucket
    /// every store keeps (nil when the period is over).
    public func toDateEnd(of period: Period) -> Int64? {
        let (a, b) = period.bounds(calendar)
        guard now < b else { return nil }
        return max(a, calendar.bucket(containing: now, resolution: .quarterHour).start)
    }

    /// Where the selection's data ends: the earliest end among its series that reported within
    /// `report.data_lag` (a reading's time, an interval's end; a fuel log compiled by month ends
    /// with its last month and is late a month after that), and the late ones.
    public func dataExtent(_ sel: ResolvedSelection) throws -> DataExtent {
        let lag = config.report.dataLagMs
        let measured = sel.measuredSeriesIDs
        var ends = knownDataEnds?.ends ?? [:]
        let unknown = measured.filter { !(knownDataEnds?.covers.contains($0) ?? false) }
        if !unknown.isEmpty { ends.merge(try store.dataEnds(series: unknown)) { a, _ in a } }
        var earliest: Int64?
        var late: [DataExtent.Late] = []
        for id in measured {
            guard let end = ends[id] else { continue }  // no data at all: `metersWithoutData` names it
            if now - end > lag {
                late.append(DataExtent.Late(meter: sel.meterOf[id] ?? "#\(id)", endMs: end))
            } else {
                earliest = min(earliest ?? end, end)
            }
        }
        if !sel.logSeriesIDs.isEmpty, let span = try store.refuelLogSpan() {
            let end = calendar.startOfDay(CivilDate(year: span.last.year, month: span.last.month, day: 1).adding(months: 1))
            if now - end > lag + 31 * msPerDay {
                late += sel.logSeriesIDs.map { DataExtent.Late(meter: sel.meterOf[$0] ?? "#\($0)", endMs: end) }
            } else {
                earliest = min(earliest ?? end, end)
            }
        }
        return DataExtent(endMs: earliest, late: late.sorted { $0.meter < $1.meter })
    }

    /// Where the compared span of `period` ends when it stops short of the period's end: at the
    /// earlier of now and where the data ends, on a quarter hour (the finest bucket every store
    /// keeps); never before the period's start. nil: the whole period is compared.
    public func spanEnd(of period: Period, extent: DataExtent) -> Int64? {
        let (a, b) = period.bounds(calendar)
        var end = min(b, calendar.bucket(containing: now, resolution: .quarterHour).start)
        if let data = extent.endMs { end = min(end, floorDiv(data, LocalCalendar.quarterMs) * LocalCalendar.quarterMs) }
        guard end < b else { return nil }
        return max(a, end)
    }

    /// The instant in the baseline that corresponds to `cut` in the current period: the same local
    /// date and hour last year (29 February → 28 February), or the same day and hour counted from
    /// the baseline's start; never past the baseline's end.
    func baselineCut(_ cut: Int64, period: Period, baseline: Period, against: Baseline) -> Int64 {
        let local = calendar.rules.localMs(fromUTC: cut)
        let date = calendar.civilDate(at: cut)
        let msOfDay = floorMod(local, msPerDay)
        let day: CivilDate
        if pairsByDateLastYear(period, against) {
            day =
                date.month == 2 && date.day == 29
                ? CivilDate(year: date.year - 1, month: 2, day: 28)
                : CivilDate(year: date.year - 1, month: date.month, day: date.day)
        } else {
            day = baseline.start.adding(days: date.daysSinceEpoch - period.start.daysSinceEpoch)
        }
        let instant = calendar.rules.utcLenient(fromLocal: Int64(day.daysSinceEpoch) * msPerDay + msOfDay)
        return min(instant, baseline.bounds(calendar).end)
    }

    // MARK: Measuring

    /// Value, gaps and observed time of a selection over `[from, to)`.
    struct Measure {
        var value = CompensatedSum()
        var estimated = CompensatedSum()
        var observedMs: Int64 = 0
    }

    /// What the selection used over `[from, to)` (both on quarter-hour boundaries).
    func measure(_ sel: ResolvedSelection, from a: Int64, to b: Int64) throws -> Measure {
        var m = Measure()
        guard a < b else { return m }
        let t1 = try store.totals(series: sel.measuredSeriesIDs, from: a, to: b)
        let t2 = try store.totals(series: sel.logSeriesIDs, from: a, to: b)
        m.value.add(t1.value)
        m.value.add(t2.value)
        m.estimated.add(t1.estimated)
        m.estimated.add(t2.estimated)
        m.observedMs = t1.observedMs + (try logObservedMs(sel, from: a, to: b)) * Int64(sel.logSeriesIDs.count)
        return m
    }

    /// A fuel log is compiled by month: it is taken as complete from the month of its first refuel
    /// to the end of the month of its last; days without a refuel used no fuel.
    func logObservedMs(_ sel: ResolvedSelection, from a: Int64, to b: Int64) throws -> Int64 {
        guard !sel.logSeriesIDs.isEmpty, let span = try store.refuelLogSpan() else { return 0 }
        let first = CivilDate(year: span.first.year, month: span.first.month, day: 1)
        let last = CivilDate(year: span.last.year, month: span.last.month, day: 1).adding(months: 1)
        return max(0, min(b, calendar.startOfDay(last)) - max(a, calendar.startOfDay(first)))
    }

    func side(_ sel: ResolvedSelection, _ period: Period, label: SideLabel, from a: Int64, to b: Int64, measured m: Measure)
        -> ComparisonSide
    {
        let duration = b - a
        let coverage = sel.meterCount > 0 && duration > 0 ? min(1, Double(m.observedMs) / (Double(duration) * Double(sel.meterCount))) : 0
        return ComparisonSide(
            period: period, label: label, startMs: a, endMs: b, start: calendar.isoString(a), end: calendar.isoString(b),
            value: m.value.value, unit: sel.unit, days: dayCount(from: a, to: b), coverage: coverage, estimated: m.estimated.value)
    }

    /// Local days touched by `[a, b)` (a day in progress counts).
    func dayCount(from a: Int64, to b: Int64) -> Int {
        guard a < b else { return 0 }
        return calendar.civilDate(at: b - 1).daysSinceEpoch - calendar.civilDate(at: a).daysSinceEpoch + 1
    }

    // MARK: Comparing

    public func compare(_ selection: Selection, period: Period, against: Baseline) throws -> Comparison {
        try compare(try resolve(selection), period: period, against: against)
    }

    public func compare(_ sel: ResolvedSelection, period: Period, against: Baseline) throws -> Comparison {
        let (basePeriod, notes) = baselinePeriod(for: period, against)
        var (a, b) = period.bounds(calendar)
        var (c, d) = basePeriod.bounds(calendar)
        var warnings = notes
        let singleDay = period.kind == .day
        var labels =
            singleDay
            ? (SideLabel.day(period.start), SideLabel.day(basePeriod.start)) : (SideLabel.whole(period), SideLabel.whole(basePeriod))
        let extent = try dataExtent(sel)
        let periodEnd = b
        let cut = spanEnd(of: period, extent: extent)
        if let cut {
            b = cut
            d = baselineCut(cut, period: period, baseline: basePeriod, against: against)
            if b > a {
                let through = calendar.civilDate(at: b - 1)
                let baseThrough = calendar.civilDate(at: max(c, d - 1))
                if !singleDay {
                    labels.0 = .toDate(period, through: through)
                    labels.1 =
                        pairsByDateLastYear(period, against) ? .sameDatesLastYear(basePeriod) : .toDate(basePeriod, through: baseThrough)
                }
                if now < periodEnd { warnings.append(.comparedToDate(through: calendar.isoString(b))) }
                if b < calendar.bucket(containing: min(now, periodEnd), resolution: .quarterHour).start || now >= periodEnd {
                    warnings.append(.dataEndsAt(through: calendar.isoString(b)))
                }
            }
        }
        // A late meter matters where its data stops inside the span compared.
        let late = extent.late.filter { $0.endMs < b }
        if !late.isEmpty {
            warnings.append(.metersLate(late.map { "\($0.meter) (\(calendar.isoString($0.endMs)))" }))
        }
        let current = side(sel, period, label: labels.0, from: a, to: b, measured: try measure(sel, from: a, to: b))
        let baseline = side(sel, basePeriod, label: labels.1, from: c, to: d, measured: try measure(sel, from: c, to: d))
        var result = Comparison(
            selection: sel.description, against: against.id, basis: cut == nil ? .whole : .toDate, current: current,
            baseline: baseline, change: nil, comparedDays: nil, reason: nil, inProgress: cut != nil, warnings: warnings)
        if a >= b {
            result.basis = .notComparable
            if now >= a, let end = extent.endMs {
                result.reason = .noDataYet(period: period.id, through: calendar.isoString(end))
            } else {
                result.reason = .notStarted(period: period.id)
            }
            return result
        }
        let threshold = config.report.coverageWarningThreshold
        if abs(current.coverage - baseline.coverage) > threshold {
            try compareCommonDays(sel, &result, threshold: threshold, against: against)
        } else {
            result.change = Self.change(current.value, baseline.value, currentDays: current.days, baselineDays: baseline.days)
        }
        addNotes(&result, sel)
        return result
    }

    /// Pairs the days of both spans (the same dates last year, else the same day counted from each
    /// start) and keeps those both sides cover; compares their sums, or gives up below half.
    func compareCommonDays(_ sel: ResolvedSelection, _ r: inout Comparison, threshold: Double, against: Baseline) throws {
        let current = try dailyCoverage(sel, from: r.current.startMs, to: r.current.endMs)
        let baseline = try dailyCoverage(sel, from: r.baseline.startMs, to: r.baseline.endMs)
        var byDate: [CivilDate: (value: Double, coverage: Double)] = [:]
        for d in baseline { byDate[d.day] = (d.value, d.coverage) }
        var kept = 0
        var sums = (CompensatedSum(), CompensatedSum())
        let byDateLastYear = pairsByDateLastYear(r.current.period, against)
        for (i, day) in current.enumerated() {
            let partner: (value: Double, coverage: Double)?
            if byDateLastYear {
                let date =
                    day.day.month == 2 && day.day.day == 29
                    ? CivilDate(year: day.day.year - 1, month: 2, day: 28)
                    : CivilDate(year: day.day.year - 1, month: day.day.month, day: day.day.day)
                partner = byDate[date]
            } else {
                partner = i < baseline.count ? (baseline[i].value, baseline[i].coverage) : nil
            }
            guard let p = partner, day.coverage >= 1 - threshold, p.coverage >= 1 - threshold else { continue }
            kept += 1
            sums.0.add(day.value)
            sums.1.add(p.value)
        }
        let total = current.count
        guard total > 0, Double(kept) >= Double(total) * Self.minimumCommonShare else {
            r.basis = .notComparable
            r.reason = .notComparable(coverage: r.current.coverage, baseCoverage: r.baseline.coverage, commonDays: kept, of: total)
            r.change = nil
            return
        }
        r.basis = .commonDays
        r.comparedDays = kept
        r.change = Self.change(sums.0.value, sums.1.value, currentDays: kept, baselineDays: kept)
        r.warnings.append(.commonDaysOnly(days: kept, of: total, coverage: r.current.coverage, baseCoverage: r.baseline.coverage))
    }

    /// Use and coverage of each local day of `[from, to)` (the last may be partial), all series summed.
    func dailyCoverage(_ sel: ResolvedSelection, from: Int64, to: Int64) throws -> [(day: CivilDate, value: Double, coverage: Double)] {
        guard from < to, sel.meterCount > 0 else { return [] }
        let measured = try store.bucketTotals(series: sel.measuredSeriesIDs, resolution: .day, from: from, to: to)
        let logged = try store.bucketTotals(series: sel.logSeriesIDs, resolution: .day, from: from, to: to)
        return try zip(measured, logged).map { m, l in
            let start = max(m.start, from)
            let end = min(m.end, to)
            var value = m.total.value + l.total.value
            var observed = m.total.observedMs
            if start != m.start || end != m.end {
                let part = try measure(sel, from: start, to: end)
                value = part.value.value
                observed = part.observedMs - (try logObservedMs(sel, from: start, to: end)) * Int64(sel.logSeriesIDs.count)
            }
            observed += (try logObservedMs(sel, from: start, to: end)) * Int64(sel.logSeriesIDs.count)
            let coverage = min(1, Double(observed) / (Double(end - start) * Double(sel.meterCount)))
            return (calendar.civilDate(at: m.start), value, coverage)
        }
    }

    static func change(_ current: Double, _ baseline: Double, currentDays: Int, baselineDays: Int) -> ComparisonChange {
        let absolute = current - baseline
        let percent: Double? = baseline == 0 ? nil : absolute / baseline * 100
        let perDay: Double? = currentDays > 0 && baselineDays > 0 ? current / Double(currentDays) - baseline / Double(baselineDays) : nil
        return ComparisonChange(absolute: absolute, percent: percent, perDay: perDay)
    }

    /// The notes every comparison carries: missing data, estimates, a zero baseline, leap days.
    func addNotes(_ r: inout Comparison, _ sel: ResolvedSelection) {
        for s in [r.current, r.baseline] {
            if s.coverage == 0 { r.warnings.append(.noDataFor(period: s.period.id)) }
            if s.estimated != 0 { r.warnings.append(.spansGaps(period: s.period.id, amount: s.estimated, unit: s.unit)) }
        }
        if let change = r.change, change.percent == nil { r.warnings.append(.baselineIsZero) }
        if r.basis == .whole, r.current.period.containsLeapDay != r.baseline.period.containsLeapDay, r.current.days != r.baseline.days {
            let (with, without) = r.current.period.containsLeapDay ? (r.current, r.baseline) : (r.baseline, r.current)
            r.warnings.append(.leapDayIn(period: with.period.id, days: with.days, otherDays: without.days))
        }
        if !sel.metersWithoutData.isEmpty { r.warnings.append(.metersWithoutData(sel.metersWithoutData)) }
        if let unforwarded {
            // What the other store holds where this one has nothing: a side without data, or the
            // meters without a series here.
            let missing = sel.keys.filter { sel.metersWithoutData.contains($0.meter) }
            var n = 0
            for side in [r.current, r.baseline] {
                n += (try? unforwarded.count(side.coverage == 0 ? sel.keys : missing, from: side.startMs, to: side.endMs)) ?? 0
            }
            if n > 0 { r.warnings.append(.readingsNotYetInCentral(file: unforwarded.file, readings: n)) }
        }
    }

    // MARK: Month by month

    /// Month-by-month table of a period against its baseline (charts, the Compare page, `by=month`).
    /// Months that have not begun have no current value; the month in progress runs to date
    /// against the same dates and hours of its baseline month.
    public func monthly(_ sel: ResolvedSelection, period: Period, against: Baseline) throws -> [MonthlyRow] {
        let (basePeriod, _) = baselinePeriod(for: period, against)
        var rows: [MonthlyRow] = []
        let extent = try dataExtent(sel)
        var month = CivilDate(year: period.start.year, month: period.start.month, day: 1)
        var baseMonth = CivilDate(year: basePeriod.start.year, month: basePeriod.start.month, day: 1)
        while month < period.end {
            let m = Period(kind: .month, start: month, end: month.adding(months: 1))
            let bm = Period(kind: .month, start: baseMonth, end: baseMonth.adding(months: 1))
            let (a, b) = m.bounds(calendar)
            let (c, d) = bm.bounds(calendar)
            var row = MonthlyRow(month: m, current: nil, baseline: nil, inProgress: false)
            let cut = spanEnd(of: m, extent: extent)
            if a <= now, cut.map({ $0 > a }) ?? true {
                var end = b
                var baseEnd = d
                if let cut {
                    end = cut
                    baseEnd = baselineCut(cut, period: m, baseline: bm, against: against)
                    row.inProgress = true
                }
                row.current = try measure(sel, from: a, to: end).value.value
                row.baseline = try measure(sel, from: c, to: baseEnd).value.value
            } else {
                row.baseline = try measure(sel, from: c, to: d).value.value
            }
            rows.append(row)
            month = month.adding(months: 1)
            baseMonth = baseMonth.adding(months: 1)
        }
        return rows
    }
}
