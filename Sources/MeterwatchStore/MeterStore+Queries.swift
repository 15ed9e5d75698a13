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
        guard !ids.isEmpty, from < to else { return RollupTotal(value: 0, estimated: 0, observedMs: 0, count: 0) }
        return try pool.read { db in
            var value = CompensatedSum()
            var estimated = CompensatedSum()
            var observed: Int64 = 0
            var count = 0
            for piece in tiling(from: from, to: to) {
                let rows = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT value, estimated, observed, count FROM rollup WHERE series IN (\(Self.placeholders(ids.count))) AND "
                        + "resolution = ? AND start >= ? AND start < ?",
                    arguments: StatementArguments(ids + [Int64(piece.resolution.code), piece.start, piece.end]))
                while let row = try rows.next() {
                    value.add(row[0])
                    estimated.add(row[1])
                    observed += row[2]
                    count += row[3]
                }
            }
            return RollupTotal(value: value.value, estimated: estimated.value, observedMs: observed, count: count)
        }
    }

    /// Per-bucket sums across several series (e.g. a category's month-by-month table), one entry per
    /// bucket of `resolution` overlapping `[from, to)`, including empty buckets.
    public func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )] {
        let buckets = calendar.buckets(from: from, to: to, resolution: resolution)
        guard let first = buckets.first, let last = buckets.last else { return [] }
        var sums: [Int64: (CompensatedSum, CompensatedSum, Int64, Int)] = [:]
        if !ids.isEmpty {
            try pool.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql:
                        "SELECT start, value, estimated, observed, count FROM rollup WHERE series IN (\(Self.placeholders(ids.count))) "
                        + "AND resolution = ? AND start >= ? AND start < ?",
                    arguments: StatementArguments(ids + [Int64(resolution.code), first.start, last.end]))
                while let row = try rows.next() {
                    var e = sums[row[0]] ?? (CompensatedSum(), CompensatedSum(), 0, 0)
                    e.0.add(row[1])
                    e.1.add(row[2])
                    e.2 += row[3]
                    e.3 += row[4]
                    sums[row[0]] = e
                }
            }
        }
        return buckets.map { b in
            let e = sums[b.start]
            return (
                b.start, b.end, RollupTotal(value: e?.0.value ?? 0, estimated: e?.1.value ?? 0, observedMs: e?.2 ?? 0, count: e?.3 ?? 0)
            )
        }
    }

    static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }

    /// Splits `[from, to)` into runs of whole buckets, coarsest first: a half-year is six months,
    /// a custom range of dates is days (plus whole months in the middle).
    func tiling(from: Int64, to: Int64) -> [(resolution: Resolution, start: Int64, end: Int64)] {
        var pieces: [(Resolution, Int64, Int64)] = []
        func tile(_ from: Int64, _ to: Int64, _ levels: ArraySlice<Resolution>) {
            guard from < to else { return }
            guard let res = levels.first else { return }
            if res == .quarterHour {
                pieces.append((res, from, to))
                return
            }
            let firstFull: Int64 = {
                let b = calendar.bucket(containing: from, resolution: res)
                return b.start == from ? from : b.end
            }()
            let lastFull = calendar.bucket(containing: to, resolution: res).start
            if firstFull < lastFull {
                tile(from, firstFull, levels.dropFirst())
                pieces.append((res, firstFull, lastFull))
                tile(lastFull, to, levels.dropFirst())
            } else {
                tile(from, to, levels.dropFirst())
            }
        }
        tile(from, to, [.month, .day, .hour, .quarterHour])
        return pieces.sorted { $0.1 < $1.1 }
    }
}

extension MeterStore {
    /// The latest reading of a series at or before `ms`.
    public func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample? {
        try pool.read { db in try SampleChunks.latest(db, series: series, atOrBefore: ms) }
    }
}
