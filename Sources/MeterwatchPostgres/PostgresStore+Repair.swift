import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// Mistaken readings deleted at the central (`DELETE /api/v1/meters/{id}/readings` on a central on
/// PostgreSQL), with the SQLite store's rule: nothing before the retention cut, the rollups of what
/// went recomputed by `IncrementalRollups`.
extension PostgresStore {
    public func deleteReadings(series id: Int64, from: Int64, to: Int64, dryRun: Bool) throws -> DeletionReport {
        guard let info = try series(id: id) else { throw StoreError.unknownSeries("#\(id)") }
        let site = try site(of: id)
        var report = DeletionReport()
        report.dryRun = dryRun
        guard from < to else { return report }
        if let pruned = info.prunedBefore, from < pruned {
            throw StoreError.olderThanRetainedRaw(series: info.key.description, ms: from, prunedBefore: pruned)
        }
        return try transaction("a deletion in \(info.key)") {
            let row = try run(
                "readings of \(info.key)",
                sql: """
                    SELECT (SELECT count(*) FROM sample WHERE site_id = $1 AND series = $2 AND ts >= $3 AND ts < $4),
                           (SELECT min(ts) FROM sample WHERE site_id = $1 AND series = $2 AND ts >= $3 AND ts < $4),
                           (SELECT max(ts) FROM sample WHERE site_id = $1 AND series = $2 AND ts >= $3 AND ts < $4),
                           (SELECT count(*) FROM interval_total WHERE site_id = $1 AND series = $2 AND start >= $3 AND start < $4),
                           (SELECT min(start) FROM interval_total WHERE site_id = $1 AND series = $2 AND start >= $3 AND start < $4),
                           (SELECT max("end") FROM interval_total WHERE site_id = $1 AND series = $2 AND start >= $3 AND start < $4),
                           (SELECT max(start) FROM interval_total WHERE site_id = $1 AND series = $2 AND start >= $3 AND start < $4)
                    """
            ) {
                $0.append(site)
                $0.append(id)
                $0.append(from)
                $0.append(to)
            }.first!
            let (samples, lo, hi, bills, billFrom, billTo, lastBill) = try row.decode(
                (Int64, Int64?, Int64?, Int64, Int64?, Int64?, Int64?).self)
            report.samples = Int(samples)
            report.intervals = Int(bills)
            report.firstMs = [lo, billFrom].compactMap { $0 }.min()
            report.lastMs = [hi, lastBill].compactMap { $0 }.max()
            guard !dryRun else { return report }
            let space = PostgresRollupWorkspace(store: self, site: site, series: id)
            if let lo, let hi {
                try run("readings of \(info.key)", sql: "DELETE FROM sample WHERE site_id = $1 AND series = $2 AND ts >= $3 AND ts < $4") {
                    $0.append(site)
                    $0.append(id)
                    $0.append(from)
                    $0.append(to)
                }
                try IncrementalRollups(info: info, calendar: calendar).samplesChanged(in: space, from: lo, to: hi)
            }
            if let billFrom, let billTo {
                try run(
                    "bills of \(info.key)",
                    sql: "DELETE FROM interval_total WHERE site_id = $1 AND series = $2 AND start >= $3 AND start < $4"
                ) {
                    $0.append(site)
                    $0.append(id)
                    $0.append(from)
                    $0.append(to)
                }
                try IncrementalRollups(info: info, calendar: calendar).intervalsChanged(in: space, from: billFrom, to: billTo)
            }
            if samples + bills > 0 { try bumpGeneration() }
            return report
        }
    }
}
