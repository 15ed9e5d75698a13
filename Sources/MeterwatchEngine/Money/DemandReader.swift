import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

/// Reads a meter's 15-minute demand from the store: the quarter-hour rollups of its energy counter
/// (kWh in each quarter, aligned to :00, :15, :30 and :45), or of its active-power gauge when it has
/// no counter. A quarter counts as measured when it was observed whole and nothing in it was
/// estimated across a gap. Readings further apart than a quarter hour cannot give 15-minute demand:
/// they are refused for billing, with the spacing found.
public struct DemandReader: Sendable {
    public let store: any ReadingStore

    public init(store: any ReadingStore) { self.store = store }

    public func quarters(meter: String, from: Int64, to: Int64) throws -> [QuarterUse] {
        if let series = try store.series(SeriesKey(meter: meter, quantity: .energyImport)), series.kind == .counter {
            let buckets = try store.rollups(series: series.id, resolution: .quarterHour, from: from, to: to)
            var observed = 0
            var empty = 0
            var out: [QuarterUse] = []
            out.reserveCapacity(buckets.count)
            for b in buckets {
                let whole = b.observedMs >= LocalCalendar.quarterMs && b.estimated == 0
                if whole {
                    observed += 1
                    if b.count == 0 { empty += 1 }
                }
                out.append(QuarterUse(start: b.start, kWh: b.value, measured: whole && b.count > 0))
            }
            // Readings an hour apart leave three quarters in four without a reading of their own.
            if observed >= 8 && empty * 10 > observed {
                let minutes = Int((15 * Double(observed) / Double(max(1, observed - empty))).rounded())
                throw EngineError.coarseDemand(meter: meter, minutes: minutes)
            }
            return out
        }
        if let series = try store.series(SeriesKey(meter: meter, quantity: .powerActive)) {
            let toKW = series.unit.lowercased() == "kw" ? 1.0 : 0.001
            return try store.rollups(series: series.id, resolution: .quarterHour, from: from, to: to).compactMap { b in
                guard b.count > 0, let mean = b.mean else { return nil }
                return QuarterUse(start: b.start, kWh: mean * toKW / 4, measured: b.observedMs >= LocalCalendar.quarterMs)
            }
        }
        throw EngineError.noStoredData(selection: meter)
    }

    /// Net energy out of storage systems per quarter (kWh; discharge positive, charge negative): from
    /// their power gauge (`storage_power`, positive while discharging), else their two counters.
    public func storageNet(meters: [String], from: Int64, to: Int64) throws -> [Int64: Double] {
        var net: [Int64: Double] = [:]
        for meter in meters {
            if let power = try store.series(SeriesKey(meter: meter, quantity: "storage_power")) {
                let toKW = power.unit.lowercased() == "kw" ? 1.0 : 0.001
                for b in try store.rollups(series: power.id, resolution: .quarterHour, from: from, to: to) {
                    guard let mean = b.mean else { continue }
                    net[b.start, default: 0] += mean * toKW / 4 * b.coverage
                }
                continue
            }
            for (quantity, sign) in [(Quantity.storageEnergyDischarged, 1.0), (Quantity("storage_energy_charged"), -1.0)] {
                guard let s = try store.series(SeriesKey(meter: meter, quantity: quantity)) else { continue }
                for b in try store.rollups(series: s.id, resolution: .quarterHour, from: from, to: to) {
                    net[b.start, default: 0] += sign * b.value
                }
            }
        }
        return net
    }
}
