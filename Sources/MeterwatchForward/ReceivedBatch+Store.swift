import MeterwatchStore

extension ReceivedBatch {
    /// Stores the batch's share of the central store for building `site`: its deletions first (what
    /// the edge deleted before it wrote the batch's readings), then its readings and totals in one
    /// transaction, then its fuel log rows. A batch sent again changes nothing more.
    public func store(into central: any CentralStore, site: String) throws -> ForwardReceipt {
        var deleted = 0
        for d in deletions {
            // A series the central never received has nothing to delete; what it pruned is gone already.
            guard let info = try central.series(d.key) else { continue }
            let from = max(d.fromMs, info.prunedBefore ?? d.fromMs)
            guard from < d.toMs else { continue }
            let report = try central.deleteReadings(series: info.id, from: from, to: d.toMs, dryRun: false)
            deleted += report.samples + report.intervals
        }
        let report = try central.ingest(samples: samples, intervals: intervals, site: site)
        let added = try refuels.isEmpty ? 0 : central.addRefuels(refuels, site: site)
        return ForwardReceipt(
            inserted: report.inserted, updated: report.updated, unchanged: report.unchanged, deleted: deletions.isEmpty ? nil : deleted,
            refuels: refuels.isEmpty ? nil : added)
    }
}
