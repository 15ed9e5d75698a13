import GRDB
import MeterwatchCore

extension MeterStore {
    /// Recomputes the rollups a change to readings in `[from, to]` can affect (`IncrementalRollups`).
    func recomputeSampleRollups(_ db: Database, _ info: SeriesInfo, from: Int64, to: Int64, appended: [Sample]? = nil) throws {
        let space = SQLiteRollupWorkspace(db: db, series: info.id, store: self)
        try IncrementalRollups(info: info, calendar: calendar).samplesChanged(in: space, from: from, to: to, appended: appended)
    }

    func recomputeIntervalRollups(_ db: Database, _ info: SeriesInfo, from: Int64, to: Int64) throws {
        let space = SQLiteRollupWorkspace(db: db, series: info.id, store: self)
        try IncrementalRollups(info: info, calendar: calendar).intervalsChanged(in: space, from: from, to: to)
    }

    func replaceRollups(_ db: Database, series: Int64, resolution: Resolution, from: Int64, to: Int64, with buckets: [RollupBucket]) throws
    {
        let delete = try RawStatement(db, "DELETE FROM rollup WHERE series = ? AND resolution = ? AND start >= ? AND start < ?")
        delete.bind(1, series)
        delete.bind(2, Int64(resolution.code))
        delete.bind(3, from)
        delete.bind(4, to)
        try delete.run()
        let insert = try RawStatement(
            db,
            "INSERT INTO rollup(series, resolution, start, end, value, estimated, min, max, count, observed) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "?, ?, ?)"
        )
        for b in buckets {
            insert.bind(1, series)
            insert.bind(2, Int64(resolution.code))
            insert.bind(3, b.start)
            insert.bind(4, b.end)
            insert.bind(5, b.value)
            insert.bind(6, b.estimated)
            insert.bind(7, b.min)
            insert.bind(8, b.max)
            insert.bind(9, Int64(b.count))
            insert.bind(10, b.observedMs)
            try insert.run()
        }
    }

    func rollupRows(_ db: Database, series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        let st = try RawStatement(
            db,
            "SELECT start, end, value, estimated, min, max, count, observed FROM rollup WHERE series = ? AND resolution = ? AND start >= "
                + "? AND start < ? ORDER BY start"
        )
        st.bind(1, series)
        st.bind(2, Int64(resolution.code))
        st.bind(3, from)
        st.bind(4, to)
        return try st.rollups()
    }

    /// Recomputes every rollup from raw samples and interval totals (all series, or the given ones).
    /// Buckets before a series' pruning horizon have no raw data left and are kept as they are.
    public func rebuildRollups(seriesIDs: [Int64]? = nil) throws {
        let all = try allSeries().filter { seriesIDs == nil || seriesIDs!.contains($0.id) }
        for info in all {
            try pool.write { db in
                let floor = info.prunedBefore ?? Int64.min
                if info.kind == .intervalTotal {
                    try db.execute(sql: "DELETE FROM rollup WHERE series = ?", arguments: [info.id])
                    if let lo = try Int64.fetchOne(db, sql: "SELECT MIN(start) FROM interval_total WHERE series = ?", arguments: [info.id]),
                        let hi = try Int64.fetchOne(db, sql: "SELECT MAX(end) FROM interval_total WHERE series = ?", arguments: [info.id])
                    {
                        try recomputeIntervalRollups(db, info, from: lo, to: hi)
                    }
                } else {
                    try db.execute(sql: "DELETE FROM rollup WHERE series = ? AND start >= ?", arguments: [info.id, floor])
                    if let lo = try SampleChunks.after(db, series: info.id, ts: floor == .min ? .min : floor - 1, limit: 1).first?.ms,
                        let hi = try SampleChunks.latest(db, series: info.id)?.ms
                    {
                        try recomputeSampleRollups(db, info, from: lo, to: hi)
                    }
                }
            }
        }
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('timezone', ?)", arguments: [calendar.timeZoneIdentifier])
        }
    }
}
