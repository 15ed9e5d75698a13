import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// What a period is compared against.
public enum Baseline: Hashable, Sendable {
    case previousYear
    case previousPeriod
    case period(Period)

    public static func parse(_ text: String) throws(Period.ParseError) -> Baseline {
        switch text.lowercased() {
        case "previous-year", "last-year", "yoy": return .previousYear
        case "previous-period", "previous": return .previousPeriod
        default: return .period(try Period.parse(text))
        }
    }

    public var id: String {
        switch self {
        case .previousYear: "previous-year"
        case .previousPeriod: "previous-period"
        case .period(let p): p.id
        }
    }
}

/// One side of a comparison. `value` is exact; `coverage` is the observed share of the period
/// (0…1) across the selection's meters.
public struct ComparisonSide: Codable, Sendable, Equatable {
    public var period: String
    public var label: String
    public var start: String
    public var end: String
    public var value: Double
    public var unit: String
    public var days: Int
    public var coverage: Double
    /// Part of `value` that spans data gaps.
    public var estimated: Double
}

public struct ComparisonChange: Codable, Sendable, Equatable {
    public var absolute: Double
    /// Percent change against the baseline; nil (JSON null, "n/a") when the baseline is 0.
    public var percent: Double?
    /// Change of the daily average (current per day − baseline per day).
    public var perDay: Double?

    enum CodingKeys: String, CodingKey { case absolute, percent, perDay = "per_day" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(absolute, forKey: .absolute)
        try c.encode(percent, forKey: .percent)     // explicit null, not a missing key
        try c.encode(perDay, forKey: .perDay)
    }
}

public struct Comparison: Codable, Sendable, Equatable {
    public var selection: String
    public var against: String
    public var current: ComparisonSide
    public var baseline: ComparisonSide
    public var change: ComparisonChange
    public var warnings: [String]
}

public struct EngineError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}

/// The series a selection stands for.
public struct ResolvedSelection: Sendable {
    public var description: String
    public var unit: String
    /// Series of the selected meters that have data in the store.
    public var seriesIDs: [Int64]
    /// Those series that come from the fleet's fuel log (coverage = the log's span).
    public var fuelLogSeriesIDs: Set<Int64>
    /// Meters selected, with or without data (the coverage denominator).
    public var meterCount: Int
    public var metersWithoutData: [String]
}

/// Period-over-period comparisons from rollups.
///
/// ```swift
/// let engine = ComparisonEngine(config: config, store: store)
/// let c = try engine.compare(.category(.electricity), period: Period.parse("2019H2"), against: .previousYear)
/// c.change.absolute    // -144000
/// ```
public struct ComparisonEngine: Sendable {
    public let config: SiteConfig
    public let store: MeterStore
    public var now: Int64

    public init(config: SiteConfig, store: MeterStore, now: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) {
        self.config = config; self.store = store; self.now = now
    }

    public var calendar: LocalCalendar { store.calendar }

    /// The meters making up a category's site total: `report.site_meters`, else the category's
    /// meters tagged `main`, else all its meters; fuel adds every vehicle of the fuel log.
    public func siteMeters(_ category: MeterCategory) throws -> [SeriesKey] {
        var ids: [String]
        if let configured = config.report.siteMeters[category] {
            ids = configured
        } else {
            let all = config.meters.filter { $0.category == category }
            let main = all.filter { $0.tags.contains("main") }
            ids = (main.isEmpty ? all : main).map(\.id)
        }
        var keys = ids.map { SeriesKey(meter: $0, quantity: config.meter(id: $0)?.mainQuantity ?? category.mainQuantity) }
        if category == .fuel && config.report.siteMeters[.fuel] == nil {
            keys += try store.allSeries().filter { $0.key.meter.hasPrefix("vehicle:") && $0.key.quantity == .fuelVolume }.map(\.key)
        }
        return keys
    }

    public func resolve(_ selection: Selection) throws -> ResolvedSelection {
        var keys: [SeriesKey]
        switch selection {
        case .meter(let id):
            guard let m = config.meter(id: id) else { throw EngineError("unknown meter '\(id)' (not in \(config.file))") }
            keys = [SeriesKey(meter: m.id, quantity: m.mainQuantity)]
        case .tag(let tag):
            keys = config.meters.filter { $0.tags.contains(tag) }.map { SeriesKey(meter: $0.id, quantity: $0.mainQuantity) }
            guard !keys.isEmpty else { throw EngineError("no meter has the tag '\(tag)'") }
        case .category(let c):
            keys = try siteMeters(c)
            guard !keys.isEmpty else { throw EngineError("no \(c.rawValue) meter is configured\(c == .fuel ? " and no fuel log is imported" : "")") }
        case .vehicle(let plate):
            keys = [SeriesKey(meter: MeterStore.vehicleMeter(plate), quantity: .fuelVolume)]
        }
        let units = Set(keys.compactMap { $0.quantity.canonical?.unit })
        guard units.count <= 1 else { throw EngineError("\(selection) mixes units (\(units.sorted().joined(separator: ", "))); compare a category or a single meter") }
        var ids: [Int64] = [], fuelLog = Set<Int64>(), missing: [String] = []
        for key in keys {
            if let info = try store.series(key) {
                ids.append(info.id)
                if key.meter.hasPrefix("vehicle:") { fuelLog.insert(info.id) }
            } else {
                missing.append(key.meter)
            }
        }
        if case .vehicle(let plate) = selection, ids.isEmpty { throw EngineError("no refuels of vehicle \(plate) are stored") }
        return ResolvedSelection(description: selection.description, unit: units.first ?? "", seriesIDs: ids, fuelLogSeriesIDs: fuelLog,
                                 meterCount: keys.count, metersWithoutData: missing)
    }

    public func measure(_ sel: ResolvedSelection, _ period: Period, language: Language = .en) throws -> ComparisonSide {
        let (a, b) = period.bounds(calendar)
        let duration = b - a
        let regular = sel.seriesIDs.filter { !sel.fuelLogSeriesIDs.contains($0) }
        let fromLog = sel.seriesIDs.filter { sel.fuelLogSeriesIDs.contains($0) }
        let t1 = try store.totals(series: regular, from: a, to: b)
        let t2 = try store.totals(series: fromLog, from: a, to: b)
        var observed = t1.observedMs
        if !fromLog.isEmpty, let span = try store.refuelLogSpan() {
            // A fuel log is compiled by month: it is taken as complete from the month of its first refuel
            // to the end of the month of its last; days without a refuel used no fuel.
            let first = CivilDate(year: span.first.year, month: span.first.month, day: 1)
            let last = CivilDate(year: span.last.year, month: span.last.month, day: 1).adding(months: 1)
            let s = max(a, calendar.startOfDay(first)), e = min(b, calendar.startOfDay(last))
            observed += max(0, e - s) * Int64(fromLog.count)
        }
        var sum = CompensatedSum()
        sum.add(t1.value); sum.add(t2.value)
        let coverage = sel.meterCount > 0 && duration > 0 ? min(1, Double(observed) / (Double(duration) * Double(sel.meterCount))) : 0
        return ComparisonSide(period: period.id, label: period.label(language), start: calendar.isoString(a), end: calendar.isoString(b),
                              value: sum.value, unit: sel.unit, days: period.days, coverage: coverage, estimated: t1.estimated + t2.estimated)
    }

    public func baselinePeriod(for period: Period, _ against: Baseline) -> (Period, [String]) {
        switch against {
        case .previousYear: return period.previousYear()
        case .previousPeriod: return (period.previousPeriod(), [])
        case .period(let p): return (p, [])
        }
    }

    public func compare(_ selection: Selection, period: Period, against: Baseline, language: Language = .en) throws -> Comparison {
        let sel = try resolve(selection)
        return try compare(sel, period: period, against: against, language: language)
    }

    public func compare(_ sel: ResolvedSelection, period: Period, against: Baseline, language: Language = .en) throws -> Comparison {
        let (basePeriod, notes) = baselinePeriod(for: period, against)
        let current = try measure(sel, period, language: language)
        let baseline = try measure(sel, basePeriod, language: language)
        let absolute = current.value - baseline.value
        let percent: Double? = baseline.value == 0 ? nil : absolute / baseline.value * 100
        let perDay: Double? = current.days > 0 && baseline.days > 0 ? current.value / Double(current.days) - baseline.value / Double(baseline.days) : nil
        let zh = language == .zhTW
        var warnings = notes
        let threshold = config.report.coverageWarningThreshold
        if abs(current.coverage - baseline.coverage) > threshold {
            warnings.append(zh ? "資料涵蓋率不同：\(period.id) 為 \(pct(current.coverage))，\(basePeriod.id) 為 \(pct(baseline.coverage))，增減含資料缺漏的影響"
                               : "coverage differs: \(period.id) \(pct(current.coverage)) against \(basePeriod.id) \(pct(baseline.coverage)); the change mixes consumption with missing data")
        }
        for (side, p) in [(current, period), (baseline, basePeriod)] {
            if side.coverage == 0 { warnings.append(zh ? "\(p.id) 無資料" : "no data for \(p.id)") }
            if side.estimated != 0 {
                let amount = "\(DisplayFormat.number(side.estimated, decimals: 2)) \(DisplayUnits.name(side.unit, language))"
                warnings.append(zh ? "\(p.id) 有 \(amount) 跨越讀值缺漏（推估）" : "\(amount) of \(p.id) spans gaps in the readings (estimated)")
            }
        }
        if baseline.value == 0 { warnings.append(zh ? "比較期為 0，增減率不適用" : "the baseline is 0: percent change is n/a") }
        if period.containsLeapDay != basePeriod.containsLeapDay && period.days != basePeriod.days {
            let (with, without) = period.containsLeapDay ? (period, basePeriod) : (basePeriod, period)
            warnings.append(zh ? "\(with.id) 含2月29日（\(with.days) 天對 \(without.days) 天），請參考日平均增減"
                               : "\(with.id) includes 29 February (\(with.days) days against \(without.days)); compare the per-day change")
        }
        if period.bounds(calendar).end > now { warnings.append(zh ? "\(period.id) 尚未結束，數值為目前累計" : "\(period.id) is not over yet: figures so far") }
        if !sel.metersWithoutData.isEmpty {
            warnings.append((zh ? "下列表計無資料：" : "no data stored for: ") + sel.metersWithoutData.joined(separator: ", "))
        }
        return Comparison(selection: sel.description, against: against.id, current: current, baseline: baseline,
                          change: ComparisonChange(absolute: absolute, percent: percent, perDay: perDay), warnings: warnings)
    }

    /// Month-by-month table of a period against its baseline (for charts and the Compare page).
    public func monthly(_ sel: ResolvedSelection, period: Period, against: Baseline) throws -> [(month: Period, current: Double, baseline: Double)] {
        let (basePeriod, _) = baselinePeriod(for: period, against)
        let (a, b) = period.bounds(calendar), (c, d) = basePeriod.bounds(calendar)
        let cur = try store.bucketTotals(series: sel.seriesIDs, resolution: .month, from: a, to: b)
        let base = try store.bucketTotals(series: sel.seriesIDs, resolution: .month, from: c, to: d)
        return zip(cur, base).map { x, y in
            let m = calendar.civilDate(at: x.start)
            return (Period(kind: .month, start: CivilDate(year: m.year, month: m.month, day: 1), end: CivilDate(year: m.year, month: m.month, day: 1).adding(months: 1)), x.total.value, y.total.value)
        }
    }

    func pct(_ x: Double) -> String { DisplayFormat.number(x * 100, decimals: 1) + " %" }
}
