import GRDB
import MeterwatchCore

/// One series of the SQLite store inside a write transaction, as `IncrementalRollups` sees it.
struct SQLiteRollupWorkspace: RollupWorkspace {
    let db: Database
    let series: Int64
    let store: MeterStore

    func samples(before ms: Int64, limit: Int) throws -> [Sample] {
        try SampleChunks.before(db, series: series, ts: ms, limit: limit)
    }

    func samples(after ms: Int64, limit: Int) throws -> [Sample] {
        try SampleChunks.after(db, series: series, ts: ms, limit: limit)
    }

    func samples(from: Int64, to: Int64) throws -> [Sample] {
        try SampleChunks.samples(db, series: series, from: from, to: to)
    }

    func replacements() throws -> [CounterReplacement] {
        try MeterStore.replacements(db, series)
    }

    func intervalTotals(overlapping from: Int64, to: Int64) throws -> [IntervalTotal] {
        try Row.fetchAll(
            db, sql: "SELECT start, end, value FROM interval_total WHERE series = ? AND end > ? AND start < ? ORDER BY start, end",
            arguments: [series, from, to]
        )
        .map { IntervalTotal(startMs: $0["start"], endMs: $0["end"], value: $0["value"]) }
    }

    func rollups(_ resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        try store.rollupRows(db, series: series, resolution: resolution, from: from, to: to)
    }

    func replaceRollups(_ resolution: Resolution, from: Int64, to: Int64, with buckets: [RollupBucket]) throws {
        try store.replaceRollups(db, series: series, resolution: resolution, from: from, to: to, with: buckets)
    }
}
