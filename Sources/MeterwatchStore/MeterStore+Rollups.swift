import GRDB
import MeterwatchCore

extension MeterStore {
    /// Recomputes the rollups a change to readings in `[from, to]` can affect.
    ///
    /// A counter reading's classification (glitch, reset…) depends on up to `glitchWindow` readings
    /// on either side, so the recomputed quarter hours reach that far; the readings just beyond are
    /// loaded as context. Hours, days and months above them are then rebuilt from their children.
    func recomputeSampleRollups(_ db: Database, _ info: SeriesInfo, from: Int64, to: Int64, appended: [Sample]? = nil) throws {
        let context = Int64(max(1, info.rules.glitchWindow) + 1)
        let q = LocalCalendar.quarterMs
        let limit = Int(context)
        let lo = try SampleChunks.before(db, series: info.id, ts: from, limit: limit).first?.ms ?? from
        var hi = to
        if appended == nil {
            hi = try SampleChunks.after(db, series: info.id, ts: to, limit: limit).last?.ms ?? to
        }
        var start = floorDiv(lo, q) * q
        let end = floorDiv(hi, q) * q + q
        if let p = info.prunedBefore { start = max(start, p) }
        guard start < end else { return }

        var samples = try SampleChunks.before(db, series: info.id, ts: start, limit: limit)
        if let appended {
            samples += try SampleChunks.samples(db, series: info.id, from: start, to: appended[0].ms)
            samples += appended
        } else {
            samples += try SampleChunks.samples(db, series: info.id, from: start, to: end)
            samples += try SampleChunks.after(db, series: info.id, ts: end - 1, limit: limit)
        }

        // Quarters are computed only where samples are; the rest of [start, end) is cleared. A range
        // reaching far past the data (a deleted reading dated 2502) then costs nothing.
        var quarters: [RollupBucket] = []
        if let first = samples.first, let last = samples.last {
            let dataStart = max(start, floorDiv(first.ms, q) * q)
            let dataEnd = min(end, floorDiv(last.ms, q) * q + q)
            if dataStart < dataEnd {
                if info.kind == .counter {
                    let analysis = CounterAnalyzer.analyze(samples, rules: info.rules, replacements: try Self.replacements(db, info.id))
                    quarters = RollupMath.counterQuarters(samples: samples, analysis: analysis, from: dataStart, to: dataEnd)
                } else {
                    quarters = RollupMath.gaugeQuarters(samples: samples, maxGapMs: info.rules.maxGapMs, from: dataStart, to: dataEnd)
                }
            }
        }
        try replaceRollups(db, series: info.id, resolution: .quarterHour, from: start, to: end, with: quarters)
        try rebuildParents(db, series: info.id, from: start, to: end)
    }

    /// Rebuilds hour, day and month buckets overlapping `[from, to)` from the level below. Works
    /// from the children that exist, so its cost follows the data, not the length of the range.
    func rebuildParents(_ db: Database, series: Int64, from: Int64, to: Int64) throws {
        var lo = from
        var hi = to
        for (child, parent) in [(Resolution.quarterHour, Resolution.hour), (.hour, .day), (.day, .month)] {
            lo = calendar.bucket(containing: lo, resolution: parent).start
            hi = calendar.bucket(containing: hi - 1, resolution: parent).end
            let children = try rollupRows(db, series: series, resolution: child, from: lo, to: hi)
            let parents = RollupMath.parents(of: children, resolution: parent, calendar: calendar)
            try replaceRollups(db, series: series, resolution: parent, from: lo, to: hi, with: parents)
        }
    }

    func recomputeIntervalRollups(_ db: Database, _ info: SeriesInfo, from: Int64, to: Int64) throws {
        for res in Resolution.allCases {
            let lo = calendar.bucket(containing: from, resolution: res).start
            let hi = calendar.bucket(containing: to - 1, resolution: res).end
            let totals = try Row.fetchAll(
                db, sql: "SELECT start, end, value FROM interval_total WHERE series = ? AND end > ? AND start < ?",
                arguments: [info.id, lo, hi]
            )
            .map { IntervalTotal(startMs: $0["start"], endMs: $0["end"], value: $0["value"]) }
            let buckets = RollupMath.intervalBuckets(totals, calendar: calendar, resolution: res, from: lo, to: hi)
            try replaceRollups(db, series: info.id, resolution: res, from: lo, to: hi, with: buckets)
        }
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
