import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The live figures dashboards show, computed from the store at `now` (pages only format them).
///
/// ```swift
/// let figures = DashboardFigures(engine: ComparisonEngine(config: config, store: store, now: now))
/// figures.powerNow(meters)                      // kW, from fresh power readings
/// figures.loadCurve(meters, day: today)          // 96 quarter hours; the one in progress left out
/// try figures.soFar(.category(.electricity))     // today against the same weekday, this month against the same dates
/// ```
public struct DashboardFigures: Sendable {
    public let engine: ComparisonEngine
    public init(engine: ComparisonEngine) { self.engine = engine }

    var store: any ReadingStore { engine.store }
    var calendar: LocalCalendar { engine.calendar }
    var now: Int64 { engine.now }

    /// Live values older than this are not shown.
    public static let freshnessMs: Int64 = 15 * 60_000

    /// The latest value of a series, when fresh.
    public func latest(_ meter: String, _ q: Quantity) throws -> Sample? {
        guard let s = try store.series(SeriesKey(meter: meter, quantity: q)), let v = try store.latestSample(series: s.id),
            now - v.ms <= Self.freshnessMs
        else {
            return nil
        }
        return v
    }

    /// Power now in kW, summed over the meters with a fresh reading.
    public func powerNow(_ meters: [MeterConfig]) throws -> Double? {
        let readings = try meters.compactMap { try latest($0.id, .powerActive) }
        return readings.isEmpty ? nil : readings.reduce(0) { $0 + $1.value } / 1000
    }

    /// kW per 15-minute slot of a local day, summed over meters: from energy counters (kWh × 4),
    /// else from the mean of power gauges. The slot in progress and later ones are nil: a bucket
    /// that holds only part of its 15 minutes is never drawn as a drop.
    public func loadCurve(_ meters: [MeterConfig], day: CivilDate) throws -> [Double?] {
        let start = calendar.startOfDay(day)
        let end = calendar.startOfDay(day.adding(days: 1))
        let slotCount = Int((end - start) / LocalCalendar.quarterMs)
        var slots = [Double?](repeating: nil, count: slotCount)
        let complete = calendar.bucket(containing: now, resolution: .quarterHour).start
        for m in meters {
            if let s = try store.series(SeriesKey(meter: m.id, quantity: .energyImport)) {
                for b in try store.rollups(series: s.id, resolution: .quarterHour, from: start, to: min(end, complete))
                where b.observedMs > 0 || b.estimated > 0 {
                    let i = Int((b.start - start) / LocalCalendar.quarterMs)
                    if (0..<slotCount).contains(i) { slots[i] = (slots[i] ?? 0) + (b.value + b.estimated) * 4 }
                }
            } else if let s = try store.series(SeriesKey(meter: m.id, quantity: .powerActive)) {
                for b in try store.rollups(series: s.id, resolution: .quarterHour, from: start, to: min(end, complete)) {
                    let i = Int((b.start - start) / LocalCalendar.quarterMs)
                    if (0..<slotCount).contains(i), let mean = b.mean { slots[i] = (slots[i] ?? 0) + mean / 1000 }
                }
            }
        }
        return slots
    }

    /// Today against a day of its kind and weekday last year, and this month against the same dates:
    /// both up to where the data ends (the comparison engine's rule).
    public func soFar(_ selection: Selection) throws -> (today: Comparison, month: Comparison)? {
        let sel = try engine.resolve(selection)
        guard !sel.seriesIDs.isEmpty else { return nil }
        let today = calendar.civilDate(at: now)
        let day = Period(kind: .day, start: today, end: today.adding(days: 1))
        let first = CivilDate(year: today.year, month: today.month, day: 1)
        let month = Period(kind: .month, start: first, end: first.adding(months: 1))
        return (
            try engine.compare(sel, period: day, against: .previousYear), try engine.compare(sel, period: month, against: .previousYear)
        )
    }

    /// Flow now (m³/h, summed over the meters with a fresh reading). Today's use is `soFar`'s, the
    /// figure every panel of a page shows.
    public func flowNow(_ meters: [MeterConfig]) throws -> Double? {
        let flows = try meters.compactMap { try latest($0.id, .flowRate) }
        return flows.isEmpty ? nil : flows.reduce(0) { $0 + $1.value }
    }

    /// A UPS as the overview shows it.
    public struct UPSFigures: Sendable {
        public var meter: MeterConfig
        /// nil when missing, stale, or stored as no status mask.
        public var flags: UPSFlags?
        public var chargePercent: Double?
        public var loadPercent: Double?
        public var runtimeSeconds: Double?
        /// On battery, low battery, replace battery or overload.
        public var alarm: Bool { flags.map { !$0.isDisjoint(with: [.onBattery, .lowBattery, .replaceBattery, .overload]) } ?? false }
    }

    public func ups(_ meters: [MeterConfig]) throws -> [UPSFigures] {
        try meters.map { m in
            UPSFigures(
                meter: m, flags: try latest(m.id, "ups_status").flatMap { UPSFlags(storedValue: $0.value) },
                chargePercent: try latest(m.id, "battery_charge")?.value, loadPercent: try latest(m.id, "ups_load")?.value,
                runtimeSeconds: try latest(m.id, "battery_runtime")?.value)
        }
    }

    /// A storage system as the overview shows it.
    public struct StorageFigures: Sendable {
        public enum Mode: Sendable { case charging, discharging, idle }
        public var meter: MeterConfig
        public var socPercent: Double?
        public var powerW: Double?
        public var mode: Mode? { powerW.map { $0 > 1 ? .discharging : ($0 < -1 ? .charging : .idle) } }
    }

    public func storage(_ meters: [MeterConfig]) throws -> [StorageFigures] {
        try meters.map { m in
            StorageFigures(meter: m, socPercent: try latest(m.id, "storage_soc")?.value, powerW: try latest(m.id, "storage_power")?.value)
        }
    }
}
