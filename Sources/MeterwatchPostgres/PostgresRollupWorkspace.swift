import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// One series of the central inside a write transaction, as `IncrementalRollups` sees it: the same
/// recompute as the SQLite store's, over statements that name the building first.
struct PostgresRollupWorkspace: RollupWorkspace {
    let store: PostgresStore
    let site: String
    let series: Int64

    func samples(before ms: Int64, limit: Int) throws -> [Sample] {
        try readings(
            "SELECT ts, value FROM sample WHERE site_id = $1 AND series = $2 AND ts < $3 ORDER BY ts DESC LIMIT $4", ms, Int64(limit)
        ).reversed()
    }

    func samples(after ms: Int64, limit: Int) throws -> [Sample] {
        try readings("SELECT ts, value FROM sample WHERE site_id = $1 AND series = $2 AND ts > $3 ORDER BY ts LIMIT $4", ms, Int64(limit))
    }

    func samples(from: Int64, to: Int64) throws -> [Sample] {
        try readings("SELECT ts, value FROM sample WHERE site_id = $1 AND series = $2 AND ts >= $3 AND ts < $4 ORDER BY ts", from, to)
    }

    private func readings(_ sql: String, _ a: Int64, _ b: Int64) throws -> [Sample] {
        try store.run("readings", sql: sql) {
            $0.append(site)
            $0.append(series)
            $0.append(a)
            $0.append(b)
        }.map(PostgresStore.sample)
    }

    func replacements() throws -> [CounterReplacement] {
        try store.replacements(site: site, series: series)
    }

    func intervalTotals(overlapping from: Int64, to: Int64) throws -> [IntervalTotal] {
        try store.run(
            "bills",
            sql: """
                SELECT start, "end", value FROM interval_total
                WHERE site_id = $1 AND series = $2 AND "end" > $3 AND start < $4 ORDER BY start, "end"
                """
        ) {
            $0.append(site)
            $0.append(series)
            $0.append(from)
            $0.append(to)
        }.map { row in
            let (start, end, value) = try row.decode((Int64, Int64, Double).self)
            return IntervalTotal(startMs: start, endMs: end, value: value)
        }
    }

    func rollups(_ resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        try store.run(
            "rollups",
            sql: """
                SELECT start, "end", value, estimated, min, max, count, observed FROM rollup
                WHERE site_id = $1 AND series = $2 AND resolution = $3 AND start >= $4 AND start < $5 ORDER BY start
                """
        ) {
            $0.append(site)
            $0.append(series)
            $0.append(Int16(resolution.code))
            $0.append(from)
            $0.append(to)
        }.map(PostgresStore.bucket)
    }

    /// One statement: buckets of the range that are not in `buckets` go, the others are written over.
    func replaceRollups(_ resolution: Resolution, from: Int64, to: Int64, with buckets: [RollupBucket]) throws {
        try store.run(
            "rollups",
            sql: """
                WITH gone AS (
                    DELETE FROM rollup WHERE site_id = $1 AND series = $2 AND resolution = $3 AND start >= $12 AND start < $13
                    AND start <> ALL($4::int8[]))
                INSERT INTO rollup(site_id, series, resolution, start, "end", value, estimated, min, max, count, observed)
                SELECT $1, $2, $3, s, e, v, est, NULLIF(lo, 'NaN'), NULLIF(hi, 'NaN'), n, obs
                FROM unnest($4::int8[], $5::int8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::int4[], $11::int8[])
                     AS u(s, e, v, est, lo, hi, n, obs)
                ON CONFLICT (site_id, series, resolution, start) DO UPDATE SET "end" = EXCLUDED."end", value = EXCLUDED.value,
                    estimated = EXCLUDED.estimated, min = EXCLUDED.min, max = EXCLUDED.max, count = EXCLUDED.count,
                    observed = EXCLUDED.observed
                """
        ) {
            $0.append(site)
            $0.append(series)
            $0.append(Int16(resolution.code))
            PostgresStore.appendBucketArrays(buckets, to: &$0)
            $0.append(from)
            $0.append(to)
        }
    }
}
