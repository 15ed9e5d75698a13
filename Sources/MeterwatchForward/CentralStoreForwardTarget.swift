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
    /// finds the buildings already stored unchanged.
    public func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
        var bySite: [String: ForwardBatch] = [:]
        for series in batch.series {
            bySite[config.site(ofSeriesMeter: series.meter), default: ForwardBatch()].series.append(series)
        }
        var receipt = ForwardReceipt(inserted: 0, updated: 0, unchanged: 0)
        for (site, part) in bySite.sorted(by: { $0.key < $1.key }) {
            guard let building = config.building(id: site) else {
                throw ForwardError.refused(status: 422, detail: "no site '\(site)' in the configuration for \(part.series[0].meter)")
            }
            let received: ReceivedBatch
            do {
                received = try ReceivedBatch(part, for: building, config: config, calendar: central.calendar, nowMs: clock.nowMs())
            } catch {
                throw ForwardError.refused(status: error.kind == .forbidden ? 403 : 422, detail: error.description)
            }
            let report: IngestReport
            do {
                report = try await worker.run { [central] in
                    try central.ingest(samples: received.samples, intervals: received.intervals, site: site)
                }
            } catch let error as StoreError {
                throw ForwardError.refused(status: 422, detail: "nothing was stored: \(error)")
            } catch {
                throw ForwardError.unreachable("\(error)")
            }
            receipt.inserted += report.inserted
            receipt.updated += report.updated
            receipt.unchanged += report.unchanged
        }
        return receipt
    }
}
