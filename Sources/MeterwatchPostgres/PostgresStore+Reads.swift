import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// The engine's reads. Every query names the building first (looked up from the series), so it
/// uses the keys' leading column and, distributed by building, reaches one node.
extension PostgresStore {
    static let seriesColumns = "id, meter, quantity, kind, unit, rules, pruned_before"

    static func seriesInfo(_ row: PostgresRow) throws -> SeriesInfo {
        let (id, meter, quantity, kind, unit, rules, pruned) = try row.decode((Int64, String, String, String, String, String, Int64?).self)
        return seriesInfo(id, meter, quantity, kind, unit, rules, pruned)
    }

    static func seriesInfo(
        _ id: Int64, _ meter: String, _ quantity: String, _ kind: String, _ unit: String, _ rules: String, _ pruned: Int64?
    ) -> SeriesInfo {
        let decoded = (try? JSONDecoder().decode(CounterRules.self, from: Data(rules.utf8))) ?? CounterRules()
        return SeriesInfo(
            id: id, key: SeriesKey(meter: meter, quantity: Quantity(quantity)), kind: SeriesKind(rawValue: kind) ?? .gauge, unit: unit,
            rules: decoded, prunedBefore: pruned)
    }

    public func series(_ key: SeriesKey) throws -> SeriesInfo? {
        try run("a series", sql: "SELECT \(Self.seriesColumns) FROM series WHERE meter = $1 AND quantity = $2") {
            $0.append(key.meter)
            $0.append(key.quantity.name)
        }.first.map(Self.seriesInfo)
    }

    public func series(id: Int64) throws -> SeriesInfo? {
        try run("a series", sql: "SELECT \(Self.seriesColumns) FROM series WHERE id = $1") { $0.append(id) }.first.map(Self.seriesInfo)
    }

    public func allSeries() throws -> [SeriesInfo] {
        // COLLATE "C": byte order, as SQLite sorts text.
        try run("the series", sql: "SELECT \(Self.seriesColumns) FROM series ORDER BY meter COLLATE \"C\", quantity COLLATE \"C\"").map(
            Self.seriesInfo)
    }

    /// The buildings of series, for the keys' leading column: bound as values (not a subquery), so
    /// the planner walks the primary key from its first column. Kept in memory; a miss asks once.
    func sites(of ids: [Int64]) throws -> [String] {
        let missing = seriesSites.withLock { known in ids.filter { known[$0] == nil } }
        if !missing.isEmpty {
            let rows = try run("the buildings of series", sql: "SELECT id, site_id FROM series WHERE id = ANY($1)") { $0.append(missing) }
            let found = try rows.map { try $0.decode((Int64, String).self) }
            seriesSites.withLock { known in
                for (id, site) in found {
                    known[id] = site
                }
            }
        }
        return seriesSites.withLock { known in Array(Set(ids.compactMap { known[$0] })).sorted() }
    }

    /// The building of one series; a series that does not exist has none (and no rows).
    func site(of id: Int64) throws -> String { try sites(of: [id]).first ?? "" }

    public func samples(series: Int64, from: Int64, to: Int64) throws -> [Sample] {
        let site = try site(of: series)
        return try run(
            "readings",
            sql: "SELECT ts, value FROM sample WHERE site_id = $4 AND series = $1 AND ts >= $2 AND ts < $3 ORDER BY ts"
        ) {
            $0.append(series)
            $0.append(from)
            $0.append(to)
            $0.append(site)
        }.map(Self.sample)
    }

    public func latestSample(series: Int64) throws -> Sample? { try latestSample(series: series, atOrBefore: .max) }

    public func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample? {
        let site = try site(of: series)
        return try run(
            "the latest reading",
            sql: "SELECT ts, value FROM sample WHERE site_id = $3 AND series = $1 AND ts <= $2 ORDER BY ts DESC LIMIT 1"
        ) {
            $0.append(series)
            $0.append(ms)
            $0.append(site)
        }.first.map(Self.sample)
    }

    public func dataEnds(series ids: [Int64]) throws -> [Int64: Int64] {
        guard !ids.isEmpty else { return [:] }
        let rows = try run(
            "where each series' data ends",
            """
            SELECT s.id, CASE WHEN s.kind = 'interval_total'
                THEN (SELECT max(i."end") FROM interval_total i WHERE i.site_id = s.site_id AND i.series = s.id)
                ELSE (SELECT max(x.ts) FROM sample x WHERE x.site_id = s.site_id AND x.series = s.id) END
            FROM series s WHERE s.id = ANY(\(ids))
            """)
        var out: [Int64: Int64] = [:]
        for row in rows {
            let (id, end) = try row.decode((Int64, Int64?).self)
            if let end { out[id] = end }
        }
        return out
    }

    public func rollups(series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        let site = try site(of: series)
        return try run(
            "rollups",
            sql: """
                SELECT start, "end", value, estimated, min, max, count, observed FROM rollup
                WHERE site_id = $5 AND series = $1 AND resolution = $2 AND start >= $3 AND start < $4 ORDER BY start
                """
        ) {
            $0.append(series)
            $0.append(Int16(resolution.code))
            $0.append(from)
            $0.append(to)
            $0.append(site)
        }.map(Self.bucket)
    }

    /// A reading from a row of `ts, value`.
    static func sample(_ row: PostgresRow) throws -> Sample {
        let (ms, value) = try row.decode((Int64, Double).self)
        return Sample(ms: ms, value: value)
    }

    static func bucket(_ row: PostgresRow) throws -> RollupBucket {
        let (start, end, value, estimated, min, max, count, observed) = try row.decode(
            (Int64, Int64, Double, Double, Double?, Double?, Int32, Int64).self)
        return RollupBucket(
            start: start, end: end, value: value, estimated: estimated, min: min, max: max, count: Int(count), observedMs: observed)
    }

    public func intervalTotals(series: Int64, from: Int64, to: Int64) throws -> [IntervalTotal] {
        let site = try site(of: series)
        return try run(
            "bills",
            sql: """
                SELECT start, "end", value FROM interval_total
                WHERE site_id = $4 AND series = $1 AND "end" > $2 AND start < $3 ORDER BY start
                """
        ) {
            $0.append(series)
            $0.append(from)
            $0.append(to)
            $0.append(site)
        }.map { row in
            let (start, end, value) = try row.decode((Int64, Int64, Double).self)
            return IntervalTotal(startMs: start, endMs: end, value: value)
        }
    }

    /// Rollup rows of several series over pieces of time, in one statement: one moment of the
    /// store, as SQLite's read transaction gives. Summed by `RollupTotalSum` in the caller's order.
    func totalRows(_ ids: [Int64], _ pieces: [(resolution: Resolution, start: Int64, end: Int64)]) throws -> [RollupTotalRow] {
        guard !pieces.isEmpty else { return [] }
        let sites = try sites(of: ids)
        let ranges = pieces.indices.map { i in "(resolution = $\(3 * i + 3) AND start >= $\(3 * i + 4) AND start < $\(3 * i + 5))" }
        return try run(
            "rollups",
            sql: """
                SELECT series, start, value, estimated, observed, count FROM rollup
                WHERE site_id = ANY($1) AND series = ANY($2) AND (\(ranges.joined(separator: " OR ")))
                """
        ) {
            $0.append(sites)
            $0.append(ids)
            for piece in pieces {
                $0.append(Int16(piece.resolution.code))
                $0.append(piece.start)
                $0.append(piece.end)
            }
        }.map { row in
            let (series, start, value, estimated, observed, count) = try row.decode((Int64, Int64, Double, Double, Int64, Int32).self)
            return RollupTotalRow(series: series, start: start, value: value, estimated: estimated, observedMs: observed, count: Int(count))
        }
    }

    /// Reads each range's rows of `series` once for many `totals` (`PostgresTotalsBatch`).
    public func batchingTotals(over series: [Int64]) -> any ReadingStore {
        series.isEmpty ? self : PostgresTotalsBatch(base: self, series: series)
    }

    public func totals(series ids: [Int64], from: Int64, to: Int64) throws -> RollupTotal {
        guard !ids.isEmpty, from < to else { return RollupTotalSum().total }
        return RollupTotalSum.total(try totalRows(ids, RollupTiling.pieces(from: from, to: to, calendar: calendar)), series: ids)
    }

    public func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )] {
        let buckets = calendar.buckets(from: from, to: to, resolution: resolution)
        guard let first = buckets.first, let last = buckets.last else { return [] }
        let rows = try ids.isEmpty ? [] : totalRows(ids, [(resolution, first.start, last.end)])
        let sums = RollupTotalSum.perStart(rows, series: ids)
        return buckets.map { b in (b.start, b.end, sums[b.start] ?? RollupTotalSum().total) }
    }

    public func refuelLogSpan() throws -> (first: CivilDate, last: CivilDate)? {
        guard let row = try run("the fuel log", sql: "SELECT MIN(day), MAX(day) FROM refuel").first else { return nil }
        let (a, b) = try row.decode((String?, String?).self)
        guard let a, let b, let first = TimeParser.parseDate(a, allowROC: false), let last = TimeParser.parseDate(b, allowROC: false) else {
            return nil
        }
        return (first, last)
    }

    public func refuels(from: CivilDate, to: CivilDate, vehicle: String? = nil) throws -> [Refuel] {
        try run(
            "the fuel log",
            sql: """
                SELECT vehicle, day, fuel, litres, amount, odometer, station FROM refuel
                WHERE day >= $1 AND day < $2 AND ($3::text IS NULL OR vehicle = $3)
                ORDER BY vehicle, day, odometer
                """
        ) {
            $0.append(from.description)
            $0.append(to.description)
            $0.append(vehicle)
        }.compactMap { row in
            let (vehicle, dayText, fuel, litres, amount, odometer, station) = try row.decode(
                (String, String, String, Double, Double?, Double?, String?).self)
            guard let day = TimeParser.parseDate(dayText, allowROC: false) else { return nil }
            return Refuel(
                day: day, vehicle: vehicle, fuel: Refuel.Fuel(rawValue: fuel) ?? .petrol, litres: litres, amount: amount,
                odometer: odometer, station: station)
        }
    }

    public func kpiActuals() throws -> [KPIActual] {
        try run("KPI actuals", sql: "SELECT kpi, period, actual, entered_by, entered_at, note FROM kpi_actual ORDER BY kpi, period").map {
            row in
            let (kpi, period, actual, by, at, note) = try row.decode((String, String, Double, String, Int64, String?).self)
            return KPIActual(kpi: kpi, period: period, actual: actual, enteredBy: by, enteredAtMs: at, note: note)
        }
    }

    public func kpiActual(kpi: String, period: String) throws -> KPIActual? {
        try run(
            "a KPI actual", sql: "SELECT kpi, period, actual, entered_by, entered_at, note FROM kpi_actual WHERE kpi = $1 AND period = $2"
        ) {
            $0.append(kpi)
            $0.append(period)
        }.first.map { row in
            let (kpi, period, actual, by, at, note) = try row.decode((String, String, Double, String, Int64, String?).self)
            return KPIActual(kpi: kpi, period: period, actual: actual, enteredBy: by, enteredAtMs: at, note: note)
        }
    }
}

extension PostgresStore {
    /// Rollup rows stored, all series.
    public func rollupCount() throws -> Int {
        Int(try run("rollups", sql: "SELECT count(*) FROM rollup").first!.decode(Int64.self))
    }
}

extension PostgresStore {
    /// The partitions of a partitioned table, by name.
    public func partitionNames(of table: String) throws -> [String] {
        try run(
            "the partitions of \(table)",
            sql:
                "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                + "WHERE i.inhparent = $1::regclass ORDER BY 1"
        ) { $0.append(table) }.map { try $0.decode(String.self) }
    }

    /// The columns of a table's primary key, in key order.
    public func primaryKeyColumns(of table: String) throws -> [String] {
        try run(
            "the key of \(table)",
            sql: """
                SELECT a.attname::text FROM pg_index i
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.n
                """
        ) { $0.append(table) }.map { try $0.decode(String.self) }
    }
}

extension PostgresStore {
    /// Rows of a table per building (`db stats`, tests).
    public func rowsBySite(table: String) throws -> [String: Int] {
        precondition(["sample", "rollup", "interval_total", "series", "refuel", "kpi_actual"].contains(table))
        var out: [String: Int] = [:]
        for row in try run("rows of \(table)", sql: "SELECT site_id, count(*) FROM \(table) GROUP BY site_id") {
            let (site, n) = try row.decode((String, Int64).self)
            out[site] = Int(n)
        }
        return out
    }
}
