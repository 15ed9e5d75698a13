import GRDB
import MeterwatchCore

extension MeterStore {
    /// Raw readings in `[from, to)`, oldest first.
    public func samples(series: Int64, from: Int64, to: Int64) throws -> [Sample] {
        try pool.read { db in try SampleChunks.samples(db, series: series, from: from, to: to) }
    }

    /// The latest reading of a series.
    public func latestSample(series: Int64) throws -> Sample? {
        try pool.read { db in try SampleChunks.latest(db, series: series) }
    }

    /// Stored rollup buckets of one resolution whose start lies in `[from, to)`, oldest first.
    /// Buckets with no data are absent.
    public func rollups(series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        try pool.read { db in try rollupRows(db, series: series, resolution: resolution, from: from, to: to) }
    }

    /// Interval totals overlapping `[from, to)`.
    public func intervalTotals(series: Int64, from: Int64, to: Int64) throws -> [IntervalTotal] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT start, end, value FROM interval_total WHERE series = ? AND end > ? AND start < ? ORDER BY start",
                arguments: [series, from, to]
            )
            .map { IntervalTotal(startMs: $0["start"], endMs: $0["end"], value: $0["value"]) }
        }
    }

    /// Sums of value, estimated and observed time over `[from, to)` for several series, using the
    /// coarsest stored resolution whose buckets tile the range exactly (months, then days, hours,
    /// quarter hours). `from` and `to` must lie on quarter-hour boundaries.
    public func totals(series ids: [Int64], from: Int64, to: Int64) throws -> RollupTotal {
        guard !ids.isEmpty, from < to else { return RollupTotalSum().total }
        // One read transaction for every piece: a sum of one moment of the store.
        let rows = try pool.read { db in
            try RollupTiling.pieces(from: from, to: to, calendar: calendar).flatMap { piece in
                try Self.totalRows(db, ids, resolution: piece.resolution, from: piece.start, to: piece.end)
            }
        }
        return RollupTotalSum.total(rows, series: ids)
    }

    /// Per-bucket sums across several series (e.g. a category's month-by-month table), one entry per
    /// bucket of `resolution` overlapping `[from, to)`, including empty buckets.
    public func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )] {
        let buckets = calendar.buckets(from: from, to: to, resolution: resolution)
        guard let first = buckets.first, let last = buckets.last else { return [] }
        let rows =
            try ids.isEmpty ? [] : pool.read { db in try Self.totalRows(db, ids, resolution: resolution, from: first.start, to: last.end) }
        let sums = RollupTotalSum.perStart(rows, series: ids)
        return buckets.map { b in (b.start, b.end, sums[b.start] ?? RollupTotalSum().total) }
    }

    static func totalRows(_ db: Database, _ ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [RollupTotalRow] {
        var rows: [RollupTotalRow] = []
        let cursor = try Row.fetchCursor(
            db,
            sql:
                "SELECT series, start, value, estimated, observed, count FROM rollup WHERE series IN (\(Self.placeholders(ids.count))) "
                + "AND resolution = ? AND start >= ? AND start < ?",
            arguments: StatementArguments(ids + [Int64(resolution.code), from, to]))
        while let row = try cursor.next() {
            rows.append(RollupTotalRow(series: row[0], start: row[1], value: row[2], estimated: row[3], observedMs: row[4], count: row[5]))
        }
        return rows
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }
}

extension MeterStore {
    /// The latest reading of a series at or before `ms`.
    public func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample? {
        try pool.read { db in try SampleChunks.latest(db, series: series, atOrBefore: ms) }
    }

    /// Where each series' data ends: its latest reading, or the end of its latest interval total
    /// (a bill, a day's download). Series without data are absent.
    public func dataEnds(series ids: [Int64]) throws -> [Int64: Int64] {
        let infos = try ids.compactMap { try series(id: $0) }
        return try pool.read { db in
            var out: [Int64: Int64] = [:]
            for info in infos {
                if info.kind == .intervalTotal {
                    out[info.id] = try Int64.fetchOne(db, sql: "SELECT MAX(end) FROM interval_total WHERE series = ?", arguments: [info.id])
                } else {
                    out[info.id] = try SampleChunks.latest(db, series: info.id)?.ms
                }
            }
            return out
        }
    }
}
