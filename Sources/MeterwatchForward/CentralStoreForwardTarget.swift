import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The central store of the same process as a forwarding target. A central on PostgreSQL that also
/// collects (or takes `meterwatch import` into its SQLite file) forwards its own store into it: the
/// SQLite file is the building's edge, and keeps what the database cannot take yet. Each series goes
/// to its meter's building, checked as a forwarded batch is checked over HTTP.
public struct CentralStoreForwardTarget: ForwardTarget {
    let central: any CentralStore
    let config: SiteConfig
    let clock: any TimeSource
    let worker = BlockingWorker(name: "central-store")
    public let name: String

    public init(central: any CentralStore, name: String, config: SiteConfig, clock: any TimeSource) {
        self.central = central
        self.name = name
        self.config = config
        self.clock = clock
    }

    /// One transaction per building in the batch: a batch sent again after a failure part-way
    /// finds the buildings already stored unchanged. Deletions go to their series' building, the
    /// fuel log's rows to the building keeping the fleet.
    public func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
        var bySite: [String: ForwardBatch] = [:]
        for series in batch.series {
            bySite[config.site(ofSeriesMeter: series.meter), default: ForwardBatch()].series.append(series)
        }
        for deletion in batch.deletions ?? [] {
            let site = config.site(ofSeriesMeter: deletion.meter)
            bySite[site, default: ForwardBatch()].deletions = (bySite[site]?.deletions ?? []) + [deletion]
        }
        if let refuels = batch.refuels, !refuels.isEmpty { bySite[config.fleetSite, default: ForwardBatch()].refuels = refuels }
        var receipt = ForwardReceipt(inserted: 0, updated: 0, unchanged: 0)
        for (site, part) in bySite.sorted(by: { $0.key < $1.key }) {
            guard let building = config.building(id: site) else {
                throw ForwardError.refused(status: 422, detail: "no site '\(site)' in the configuration")
            }
            let received: ReceivedBatch
            do {
                received = try ReceivedBatch(part, for: building, config: config, calendar: central.calendar, nowMs: clock.nowMs())
            } catch {
                throw ForwardError.refused(status: error.kind == .forbidden ? 403 : 422, detail: error.description)
            }
            let stored: ForwardReceipt
            do {
                stored = try await worker.run { [central] in try received.store(into: central, site: site) }
            } catch let error as StoreError {
                throw ForwardError.refused(status: 422, detail: "nothing was stored: \(error)")
            } catch {
                throw ForwardError.unreachable("\(error)")
            }
            receipt.inserted += stored.inserted
            receipt.updated += stored.updated
            receipt.unchanged += stored.unchanged
            if let d = stored.deleted { receipt.deleted = (receipt.deleted ?? 0) + d }
            if let r = stored.refuels { receipt.refuels = (receipt.refuels ?? 0) + r }
        }
        return receipt
    }
}
