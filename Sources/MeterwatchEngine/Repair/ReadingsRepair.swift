import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Deletes mistaken readings of one series (`meterwatch readings delete`, `DELETE
/// /api/v1/meters/{id}/readings`): finds the series the user means, then lets the store delete and
/// recompute the rollups.
///
/// ```swift
/// let repair = ReadingsRepair(config: config, store: store)
/// let series = try repair.series(meter: "m1", quantity: nil)       // the meter's main quantity
/// try repair.delete(series, from: t, to: t + 1, dryRun: true)
/// ```
public struct ReadingsRepair: Sendable {
    public let config: SiteConfig
    public let store: any CentralStore
    /// A central on PostgreSQL: its own SQLite file (its building's edge), where the same range goes
    /// too, so that a later resend does not bring the readings back.
    public let ownStore: MeterStore?

    public init(config: SiteConfig, store: any CentralStore, ownStore: MeterStore? = nil) {
        self.config = config
        self.store = store
        self.ownStore = ownStore.flatMap { $0 === (store as? MeterStore) ? nil : $0 }
    }

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case noReadings(meter: String)
        case noSuchQuantity(meter: String, quantity: String, stored: [String])
        case ambiguous(meter: String, stored: [String])

        public var description: String {
            switch self {
            case .noReadings(let m): "no readings of meter '\(m)' are stored"
            case let .noSuchQuantity(m, q, stored): "meter '\(m)' has no \(q) series (stored: \(stored.joined(separator: ", ")))"
            case let .ambiguous(m, stored): "meter '\(m)' has several series; name the quantity (\(stored.joined(separator: ", ")))"
            }
        }
    }

    /// The series meant: the named quantity, else the meter's main one, else its only series.
    /// Meters outside the configuration (`weather:STATION`, `vehicle:PLATE`) count too.
    public func series(meter: String, quantity: String?) throws -> SeriesInfo {
        let all = try store.allSeries().filter { $0.key.meter == meter }
        guard !all.isEmpty else { throw Failure.noReadings(meter: meter) }
        let stored = all.map(\.key.quantity.name)
        if let quantity {
            guard let s = all.first(where: { $0.key.quantity.name == quantity }) else {
                throw Failure.noSuchQuantity(meter: meter, quantity: quantity, stored: stored)
            }
            return s
        }
        if let main = config.meter(id: meter)?.mainQuantity, let s = all.first(where: { $0.key.quantity == main }) { return s }
        guard all.count == 1 else { throw Failure.ambiguous(meter: meter, stored: stored) }
        return all[0]
    }

    @discardableResult
    public func delete(_ series: SeriesInfo, from: Int64, to: Int64, dryRun: Bool) throws -> DeletionReport {
        let report = try store.deleteReadings(series: series.id, from: from, to: to, dryRun: dryRun)
        if let ownStore, let own = try ownStore.series(series.key) {
            try ownStore.deleteReadings(series: own.id, from: from, to: to, dryRun: dryRun)
        }
        return report
    }
}
