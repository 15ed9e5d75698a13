import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// Writing whole series into the central: readings (or bills) replaced in one transaction, and
/// every rollup level recomputed from them with the SQLite store's own math.
extension PostgresStore {
    /// Rows per INSERT … SELECT FROM unnest(…): arrays bound as parameters, one round trip each.
    static let batchRows = 50_000

    /// Replaces one series of building `site` with `samples` (or `intervals` for bills), and its
    /// rollups. A series pruned at the source has lost the readings its old rollups came from: those
    /// rollups are `keptRollups`, copied as they are. Returns the series' id in this store.
    @discardableResult
    public func replaceSeries(
        _ info: SeriesInfo, site: String, samples: [Sample], intervals: [IntervalTotal] = [], replacements: [CounterReplacement] = [],
        keptRollups: [(resolution: Resolution, buckets: [RollupBucket])]? = nil
    ) throws -> Int64 {
        let levels =
            keptRollups
            ?? WholeSeriesRollups.compute(
                info, samples: samples, intervals: intervals, replacements: replacements, calendar: calendar)
        let times = samples.map(\.ms) + intervals.map(\.startMs) + levels.flatMap { $0.buckets.map(\.start) }
        if let lo = times.min(), let hi = times.max() {
            try ensurePartitions(from: lo, to: hi)
        }
        return try transaction("series \(info.key)") {
            // A meter moved to another building: its copy under the old one goes (keys are unique per meter).
            let moved = try run(
                "series \(info.key)", sql: "DELETE FROM series WHERE meter = $1 AND quantity = $2 AND site_id <> $3 RETURNING id, site_id"
            ) {
                $0.append(info.key.meter)
                $0.append(info.key.quantity.name)
                $0.append(site)
            }
            for row in moved {
                let (oldID, oldSite) = try row.decode((Int64, String).self)
                try deleteRows(site: oldSite, series: oldID)
            }
            let rules = String(decoding: try Self.sortedEncoder.encode(info.rules), as: UTF8.self)
            let id = try run(
                "series \(info.key)",
                sql: """
                    INSERT INTO series(site_id, meter, quantity, kind, unit, rules, pruned_before) VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (site_id, meter, quantity) DO UPDATE SET kind = $4, unit = $5, rules = $6, pruned_before = $7
                    RETURNING id
                    """
            ) {
                $0.append(site)
                $0.append(info.key.meter)
                $0.append(info.key.quantity.name)
                $0.append(info.kind.rawValue)
                $0.append(info.unit)
                $0.append(rules)
                $0.append(info.prunedBefore)
            }.first!.decode(Int64.self)
            try deleteRows(site: site, series: id)
            try insertSamples(samples, site: site, series: id)
            try insertIntervals(intervals, site: site, series: id)
            for r in replacements {
                try run(
                    "a meter replacement",
                    sql: "INSERT INTO counter_replacement(site_id, series, ts, old_final, new_initial) VALUES ($1, $2, $3, $4, $5)"
                ) {
                    $0.append(site)
                    $0.append(id)
                    $0.append(r.ms)
                    $0.append(r.oldFinal)
                    $0.append(r.newInitial)
                }
            }
            for level in levels {
                try insertRollups(level.buckets, resolution: level.resolution, site: site, series: id)
            }
            seriesSites.withLock { $0[id] = site }
            return id
        }
    }

    /// Every row of one series but its `series` row.
    func deleteRows(site: String, series: Int64) throws {
        for table in ["sample", "rollup", "interval_total", "counter_replacement"] {
            try run("series #\(series)", sql: "DELETE FROM \(table) WHERE site_id = $1 AND series = $2") {
                $0.append(site)
                $0.append(series)
            }
        }
    }

    func insertSamples(_ samples: [Sample], site: String, series: Int64) throws {
        for lo in stride(from: 0, to: samples.count, by: Self.batchRows) {
            let batch = samples[lo..<min(samples.count, lo + Self.batchRows)]
            try run(
                "readings", sql: "INSERT INTO sample(site_id, series, ts, value) SELECT $1, $2, * FROM unnest($3::int8[], $4::float8[])"
            ) {
                $0.append(site)
                $0.append(series)
                $0.append(batch.map(\.ms))
                $0.append(batch.map(\.value))
            }
        }
    }

    func insertIntervals(_ intervals: [IntervalTotal], site: String, series: Int64) throws {
        guard !intervals.isEmpty else { return }
        try run(
            "bills",
            sql:
                "INSERT INTO interval_total(site_id, series, start, \"end\", value) "
                + "SELECT $1, $2, * FROM unnest($3::int8[], $4::int8[], $5::float8[])"
        ) {
            $0.append(site)
            $0.append(series)
            $0.append(intervals.map(\.startMs))
            $0.append(intervals.map(\.endMs))
            $0.append(intervals.map(\.value))
        }
    }

    func insertRollups(_ buckets: [RollupBucket], resolution: Resolution, site: String, series: Int64) throws {
        for lo in stride(from: 0, to: buckets.count, by: Self.batchRows) {
            let batch = buckets[lo..<min(buckets.count, lo + Self.batchRows)]
            try run(
                "rollups",
                sql: """
                    INSERT INTO rollup(site_id, series, resolution, start, "end", value, estimated, min, max, count, observed)
                    SELECT $1, $2, $3, s, e, v, est, NULLIF(lo, 'NaN'), NULLIF(hi, 'NaN'), n, obs
                    FROM unnest($4::int8[], $5::int8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::int4[], $11::int8[])
                         AS u(s, e, v, est, lo, hi, n, obs)
                    """
            ) {
                $0.append(site)
                $0.append(series)
                $0.append(Int16(resolution.code))
                Self.appendBucketArrays(batch, to: &$0)
            }
        }
    }

    /// Buckets as eight arrays (start, end, value, estimated, min, max, count, observed). A missing
    /// min or max travels as NaN (never a stored value: readings are finite) and lands as NULL.
    static func appendBucketArrays(_ batch: some Collection<RollupBucket>, to binds: inout PostgresBindings) {
        binds.append(batch.map(\.start))
        binds.append(batch.map(\.end))
        binds.append(batch.map(\.value))
        binds.append(batch.map(\.estimated))
        binds.append(batch.map { $0.min ?? .nan })
        binds.append(batch.map { $0.max ?? .nan })
        binds.append(batch.map { Int32(clamping: $0.count) })
        binds.append(batch.map(\.observedMs))
    }

    /// Adds refuels of the fleet kept at `site` in one statement; one already there (same vehicle, day
    /// and litres) is kept. Returns the refuels added.
    @discardableResult
    public func addRefuels(_ refuels: [Refuel], site: String) throws -> Int {
        guard !refuels.isEmpty else { return 0 }
        return try transaction("the fuel log") {
            // A missing amount or odometer travels as NaN, a missing station as "" (neither is ever stored).
            let added =
                try run(
                    "the fuel log",
                    sql: """
                        WITH added AS (
                            INSERT INTO refuel(site_id, vehicle, day, fuel, litres, amount, odometer, station)
                            SELECT $1, v, d, f, l, NULLIF(a, 'NaN'::float8), NULLIF(o, 'NaN'::float8), NULLIF(s, '')
                            FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::text[])
                                AS u(v, d, f, l, a, o, s)
                            ON CONFLICT DO NOTHING
                            RETURNING 1)
                        SELECT count(*) FROM added
                        """
                ) {
                    $0.append(site)
                    $0.append(refuels.map(\.vehicle))
                    $0.append(refuels.map(\.day.description))
                    $0.append(refuels.map(\.fuel.rawValue))
                    $0.append(refuels.map(\.litres))
                    $0.append(refuels.map { $0.amount ?? .nan })
                    $0.append(refuels.map { $0.odometer ?? .nan })
                    $0.append(refuels.map { $0.station ?? "" })
                }.first.map { try $0.decode(Int64.self) } ?? 0
            if added > 0 { try bumpGeneration() }
            return Int(added)
        }
    }

    /// Sets KPI actuals (entered values replace the ones of the same KPI and period).
    public func setKPIActuals(_ actuals: [KPIActual], site: String) throws {
        try transaction("KPI actuals") {
            for a in actuals {
                try run(
                    "a KPI actual",
                    sql: """
                        INSERT INTO kpi_actual(site_id, kpi, period, actual, entered_by, entered_at, note)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (site_id, kpi, period) DO UPDATE SET actual = $4, entered_by = $5, entered_at = $6, note = $7
                        """
                ) {
                    $0.append(site)
                    $0.append(a.kpi)
                    $0.append(a.period)
                    $0.append(a.actual)
                    $0.append(a.enteredBy)
                    $0.append(a.enteredAtMs)
                    $0.append(a.note)
                }
            }
            try bumpGeneration()
        }
    }

    /// Runs `body` in one transaction, on a connection of its own: every statement this thread
    /// sends until it ends goes to that session.
    func transaction<T>(_ what: String, _ body: () throws -> T) throws -> T {
        precondition(transactionConnection == nil, "transactions do not nest")
        let connection: PostgresConnection
        do { connection = try connections.lease() } catch {
            throw PostgresStoreError.unreachable(address.description, reason: Self.reason(error))
        }
        Thread.current.threadDictionary[transactionKey] = connection
        defer {
            Thread.current.threadDictionary[transactionKey] = nil
            connections.release(connection)
        }
        try run(what, sql: "BEGIN")
        do {
            let result = try body()
            try run(what, sql: "COMMIT")
            return result
        } catch {
            _ = try? run(what, sql: "ROLLBACK")
            throw error
        }
    }

    static var sortedEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
