import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// A batch's readings in a fixed number of statements, whatever its number of series: one merge,
/// then the rollups they touch recomputed in memory (`BufferedRollupWorkspace`) from readings and
/// rollups fetched together, and written back together. A round trip per read and per rewrite
/// (about sixteen per series) made a forwarded batch of 30 series cost 483 statements.
extension PostgresStore {
    /// What a series' write changed: readings in `[from, to]` were inserted or updated.
    struct WrittenRange {
        var info: SeriesInfo
        var from: Int64
        var to: Int64
    }

    /// Upserts sorted, deduplicated readings of several series in one statement: `old` sees the rows
    /// as they were before it (a statement's one snapshot), `written` what it changed.
    func mergeSamples(_ batch: [(info: SeriesInfo, samples: [Sample])], site: String) throws -> (IngestReport, [WrittenRange]) {
        let ordered = batch.sorted { $0.info.id < $1.info.id }
        var ids: [Int64] = []
        var times: [Int64] = []
        var values: [Double] = []
        for (info, samples) in ordered {
            for s in samples {
                ids.append(info.id)
                times.append(s.ms)
                values.append(s.value)
            }
        }
        let rows = try run(
            "readings",
            sql: """
                WITH input AS (SELECT * FROM unnest($2::int8[], $3::int8[], $4::float8[]) AS u(series, ts, value)),
                old AS (SELECT s.series FROM sample s JOIN input i ON s.series = i.series AND s.ts = i.ts WHERE s.site_id = $1),
                written AS (
                    INSERT INTO sample(site_id, series, ts, value) SELECT $1, series, ts, value FROM input
                    ON CONFLICT (site_id, series, ts) DO UPDATE SET value = EXCLUDED.value WHERE sample.value <> EXCLUDED.value
                    RETURNING series, ts)
                SELECT series, count(*) FILTER (WHERE part = 0), count(*) FILTER (WHERE part = 1),
                       min(ts) FILTER (WHERE part = 1), max(ts) FILTER (WHERE part = 1)
                FROM (SELECT series, 0 AS part, 0::int8 AS ts FROM old UNION ALL SELECT series, 1, ts FROM written) x
                GROUP BY series
                """
        ) {
            $0.append(site)
            $0.append(ids)
            $0.append(times)
            $0.append(values)
        }
        var existing: [Int64: Int] = [:]
        var changed: [Int64: (count: Int, from: Int64, to: Int64)] = [:]
        for row in rows {
            let (series, old, written, from, to) = try row.decode((Int64, Int64, Int64, Int64?, Int64?).self)
            existing[series] = Int(old)
            if let from, let to { changed[series] = (Int(written), from, to) }
        }
        var report = IngestReport()
        var ranges: [WrittenRange] = []
        for (info, samples) in ordered {
            let old = existing[info.id] ?? 0
            let inserted = samples.count - old
            let written = changed[info.id]
            report.inserted += inserted
            report.updated += (written?.count ?? 0) - inserted
            report.unchanged += old - ((written?.count ?? 0) - inserted)
            if let written { ranges.append(WrittenRange(info: info, from: written.from, to: written.to)) }
        }
        return (report, ranges)
    }

    /// Recomputes the rollups of every written range, exactly as `IncrementalRollups` does over any
    /// store, in about five statements for the whole batch.
    func recomputeRollups(_ written: [WrittenRange], site: String) throws {
        guard !written.isEmpty else { return }
        let spaces = try bufferedWorkspaces(written, site: site, prefetchContexts: prefetchContexts.load(ordering: .relaxed))
        for (w, space) in zip(written, spaces) {
            try IncrementalRollups(info: w.info, calendar: calendar).samplesChanged(in: space, from: w.from, to: w.to)
        }
        try writeBack(written.map(\.info.id), spaces, site: site)
    }

    /// Each written series' readings around the write, its meter replacements and the rollups its
    /// recompute reads, in three statements.
    func bufferedWorkspaces(_ written: [WrittenRange], site: String, prefetchContexts: Int) throws -> [BufferedRollupWorkspace] {
        let ids = written.map(\.info.id)
        let beyond = Int64(prefetchContexts * (written.map { max(1, $0.info.rules.glitchWindow) + 1 }.max() ?? 1))
        // (4 contexts are IncrementalRollups.contextReadings: what a counter's recompute reads first.)
        // Part 0: readings before the write (newest first), 1: within it, 2: after it.
        let rows = try run(
            "readings around a batch",
            sql: """
                SELECT q.series, x.part, x.ts, x.value FROM unnest($2::int8[], $3::int8[], $4::int8[]) AS q(series, f, t)
                CROSS JOIN LATERAL (
                    (SELECT 0 AS part, ts, value FROM sample
                     WHERE site_id = $1 AND series = q.series AND ts < q.f ORDER BY ts DESC LIMIT $5)
                    UNION ALL
                    (SELECT 1, ts, value FROM sample WHERE site_id = $1 AND series = q.series AND ts >= q.f AND ts <= q.t)
                    UNION ALL
                    (SELECT 2, ts, value FROM sample WHERE site_id = $1 AND series = q.series AND ts > q.t ORDER BY ts LIMIT $5)) x
                """
        ) {
            $0.append(site)
            $0.append(ids)
            $0.append(written.map(\.from))
            $0.append(written.map(\.to))
            $0.append(beyond)
        }
        var parts: [Int64: [[Sample]]] = [:]
        for row in rows {
            let (series, part, ms, value) = try row.decode((Int64, Int32, Int64, Double).self)
            parts[series, default: [[], [], []]][Int(part)].append(Sample(ms: ms, value: value))
        }
        var replacements: [Int64: [CounterReplacement]] = [:]
        let counters = written.filter { $0.info.kind == .counter }.map(\.info.id)
        if !counters.isEmpty {
            let found = try run(
                "meter replacements",
                sql: """
                    SELECT series, ts, old_final, new_initial FROM counter_replacement
                    WHERE site_id = $1 AND series = ANY($2) ORDER BY series, ts
                    """
            ) {
                $0.append(site)
                $0.append(counters)
            }
            for row in found {
                let (series, ms, oldFinal, newInitial) = try row.decode((Int64, Int64, Double, Double).self)
                replacements[series, default: []].append(CounterReplacement(ms: ms, oldFinal: oldFinal, newInitial: newInitial))
            }
        }
        var spaces: [BufferedRollupWorkspace] = []
        var wanted: [(index: Int, resolution: Resolution, range: Range<Int64>)] = []
        for (i, w) in written.enumerated() {
            let p = parts[w.info.id] ?? [[], [], []]
            let before = Array(p[0].reversed())
            // The rows within the write come in the plan's order (a sequential or bitmap scan gives the
            // heap's, which late readings leave unsorted): sorted here, as the workspace needs them.
            let readings = before + p[1].sorted { $0.ms < $1.ms } + p[2]
            // Fewer than asked for: the series has no more on that side.
            let knownFrom = Int64(before.count) < beyond ? Int64.min : (before.first?.ms ?? w.from)
            let knownTo = Int64(p[2].count) < beyond ? Int64.max : (p[2].last?.ms ?? w.to) + 1
            let space = BufferedRollupWorkspace(
                base: PostgresRollupWorkspace(store: self, site: site, series: w.info.id), readings: readings, knownFrom: knownFrom,
                knownTo: knownTo, replacements: w.info.kind == .counter ? replacements[w.info.id] ?? [] : [])
            spaces.append(space)
            // The children `IncrementalRollups.rebuildParents` reads: quarters of the hours, hours of the
            // days and days of the months the readings fall in.
            let q = LocalCalendar.quarterMs
            guard let first = readings.first?.ms, let last = readings.last?.ms else { continue }
            let start = floorDiv(first, q) * q
            let end = floorDiv(last, q) * q + q
            for (child, parent) in [(Resolution.quarterHour, Resolution.hour), (.hour, .day), (.day, .month)] {
                let lo = calendar.bucket(containing: start, resolution: parent).start
                let hi = calendar.bucket(containing: end - 1, resolution: parent).end
                wanted.append((i, child, lo..<hi))
            }
        }
        let buckets = try run(
            "rollups around a batch",
            sql: """
                SELECT q.k, r.start, r."end", r.value, r.estimated, r.min, r.max, r.count, r.observed
                FROM unnest($2::int4[], $3::int8[], $4::int2[], $5::int8[], $6::int8[]) AS q(k, series, res, lo, hi)
                CROSS JOIN LATERAL (
                    SELECT * FROM rollup
                    WHERE site_id = $1 AND series = q.series AND resolution = q.res AND start >= q.lo AND start < q.hi) r
                """
        ) {
            $0.append(site)
            $0.append(wanted.indices.map { Int32($0) })
            $0.append(wanted.map { ids[$0.index] })
            $0.append(wanted.map { Int16($0.resolution.code) })
            $0.append(wanted.map(\.range.lowerBound))
            $0.append(wanted.map(\.range.upperBound))
        }
        var found: [Int: [RollupBucket]] = [:]
        for row in buckets {
            let (k, start, end, value, estimated, min, max, count, observed) = try row.decode(
                (Int32, Int64, Int64, Double, Double, Double?, Double?, Int32, Int64).self)
            found[Int(k), default: []].append(
                RollupBucket(
                    start: start, end: end, value: value, estimated: estimated, min: min, max: max, count: Int(count), observedMs: observed)
            )
        }
        for (k, w) in wanted.enumerated() {
            spaces[w.index].hold(found[k] ?? [], resolution: w.resolution, range: w.range)
        }
        return spaces
    }

    /// Every rollup range the recompute rewrote: deleted, then written again, in two statements.
    func writeBack(_ ids: [Int64], _ spaces: [BufferedRollupWorkspace], site: String) throws {
        var ranges: (series: [Int64], resolution: [Int16], lo: [Int64], hi: [Int64]) = ([], [], [], [])
        var rows: (series: [Int64], resolution: [Int16], buckets: [RollupBucket]) = ([], [], [])
        for (id, space) in zip(ids, spaces) {
            for level in space.pending {
                for r in level.ranges {
                    ranges.series.append(id)
                    ranges.resolution.append(Int16(level.resolution.code))
                    ranges.lo.append(r.lowerBound)
                    ranges.hi.append(r.upperBound)
                }
                rows.series += Array(repeating: id, count: level.buckets.count)
                rows.resolution += Array(repeating: Int16(level.resolution.code), count: level.buckets.count)
                rows.buckets += level.buckets
            }
        }
        guard !ranges.series.isEmpty else { return }
        try run(
            "rollups of a batch",
            sql: """
                DELETE FROM rollup r USING unnest($2::int8[], $3::int2[], $4::int8[], $5::int8[]) AS d(series, res, lo, hi)
                WHERE r.site_id = $1 AND r.series = d.series AND r.resolution = d.res AND r.start >= d.lo AND r.start < d.hi
                """
        ) {
            $0.append(site)
            $0.append(ranges.series)
            $0.append(ranges.resolution)
            $0.append(ranges.lo)
            $0.append(ranges.hi)
        }
        guard !rows.series.isEmpty else { return }
        try run(
            "rollups of a batch",
            sql: """
                INSERT INTO rollup(site_id, series, resolution, start, "end", value, estimated, min, max, count, observed)
                SELECT $1, series, res, s, e, v, est, NULLIF(lo, 'NaN'), NULLIF(hi, 'NaN'), n, obs
                FROM unnest($2::int8[], $3::int2[], $4::int8[], $5::int8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],
                            $10::int4[], $11::int8[]) AS u(series, res, s, e, v, est, lo, hi, n, obs)
                """
        ) {
            $0.append(site)
            $0.append(rows.series)
            $0.append(rows.resolution)
            Self.appendBucketArrays(rows.buckets, to: &$0)
        }
    }
}
