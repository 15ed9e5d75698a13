import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// Live writes into the central: a building's forwarded batch (or an import) stored in one
/// transaction, the readings merged like the SQLite store merges them (inserted, updated, unchanged)
/// and the rollups they touch recomputed by the same `IncrementalRollups`.
extension PostgresStore {
    /// Stores readings and bills of building `site`, creating series as needed: all of it, or
    /// nothing. A time given twice in a batch keeps its last value; a reading already stored with
    /// the same value is counted as unchanged and rewrites nothing.
    @discardableResult
    public func ingest(
        samples: [SeriesSpec: [Sample]] = [:], intervals: [SeriesSpec: [IntervalTotal]] = [:], site: String
    ) throws -> IngestReport {
        let accepted = MeterStore.earliestAcceptedMs...(clock.nowMs() + msPerDay)
        var deduplicated: [SeriesSpec: [Sample]] = [:]
        for (spec, list) in samples where !list.isEmpty {
            deduplicated[spec] = try Self.checked(list, spec: spec, accepted: accepted)
        }
        for (spec, list) in intervals {
            try Self.check(list, spec: spec, accepted: accepted)
        }
        // Partitions are made before the transaction: DDL rolled back with a refused batch would
        // leave `knownMonths` naming partitions that do not exist.
        let times =
            deduplicated.values.flatMap { [$0.first!.ms, $0.last!.ms] }
            + intervals.values.flatMap { $0.flatMap { [$0.startMs, $0.endMs] } }
        if let lo = times.min(), let hi = times.max() {
            // A local month's bucket may start in the UTC month before its first reading's.
            try ensurePartitions(from: calendar.bucket(containing: lo, resolution: .month).start, to: hi)
        }
        return try transaction("a batch of building \(site)") {
            var report = IngestReport()
            let infos = try ensureSeries(Array(deduplicated.keys), site: site)
            var batch: [(info: SeriesInfo, samples: [Sample])] = []
            for (spec, list) in deduplicated {
                guard let info = infos[spec.key] else { throw StoreError.unknownSeries(spec.key.description) }
                guard info.kind != .intervalTotal else {
                    throw StoreError.kindMismatch(series: info.key.description, stored: info.kind, requested: .counter)
                }
                if let p = info.prunedBefore, let old = list.first(where: { $0.ms < p }) {
                    throw StoreError.olderThanRetainedRaw(series: info.key.description, ms: old.ms, prunedBefore: p)
                }
                batch.append((info, list))
            }
            if !batch.isEmpty {
                let (merged, written) = try mergeSamples(batch, site: site)
                report += merged
                try recomputeRollups(written, site: site)
            }
            let billSeries = try ensureSeries(intervals.filter { !$0.value.isEmpty }.map(\.key), site: site)
            for (spec, list) in intervals.sorted(by: { $0.key.key.description < $1.key.key.description }) where !list.isEmpty {
                guard let info = billSeries[spec.key] else { throw StoreError.unknownSeries(spec.key.description) }
                guard info.kind == .intervalTotal else {
                    throw StoreError.kindMismatch(series: info.key.description, stored: info.kind, requested: .intervalTotal)
                }
                report += try mergeIntervals(list, info: info, site: site)
            }
            if report.inserted + report.updated > 0 { try bumpGeneration() }
            return report
        }
    }

    /// Sorted by time, the last of equal times kept; every value finite and every time plausible.
    static func checked(_ list: [Sample], spec: SeriesSpec, accepted: ClosedRange<Int64>) throws -> [Sample] {
        for s in list {
            guard s.value.isFinite else { throw StoreError.nonFiniteValue(series: spec.key.description, ms: s.ms) }
            guard accepted.contains(s.ms) else { throw StoreError.implausibleTime(series: spec.key.description, ms: s.ms) }
        }
        let sorted = list.enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }.map(\.element)
        var out: [Sample] = []
        out.reserveCapacity(sorted.count)
        for s in sorted {
            if let last = out.last, last.ms == s.ms { out[out.count - 1] = s } else { out.append(s) }
        }
        return out
    }

    static func check(_ list: [IntervalTotal], spec: SeriesSpec, accepted: ClosedRange<Int64>) throws {
        let name = spec.key.description
        for t in list {
            guard t.value.isFinite else { throw StoreError.nonFiniteValue(series: name, ms: t.startMs) }
            guard t.endMs > t.startMs, t.endMs - t.startMs <= MeterStore.longestIntervalMs else {
                throw StoreError.invalidInterval(series: name, startMs: t.startMs, endMs: t.endMs)
            }
            guard accepted.contains(t.startMs), accepted.contains(t.endMs) else {
                throw StoreError.implausibleTime(series: name, ms: accepted.contains(t.startMs) ? t.endMs : t.startMs)
            }
        }
    }

    /// The series of `specs` at building `site`, created on first use (two statements for a batch).
    /// A meter found under another building has moved: its rows go with it. Changed counter rules are
    /// saved and the series' rollups recomputed with them, as the SQLite store does.
    func ensureSeries(_ specs: [SeriesSpec], site: String) throws -> [SeriesKey: SeriesInfo] {
        guard !specs.isEmpty else { return [:] }
        let rows = try run(
            "series",
            sql: """
                SELECT \(Self.seriesColumns), site_id FROM series
                WHERE (meter, quantity) IN (SELECT * FROM unnest($1::text[], $2::text[]))
                """
        ) {
            $0.append(specs.map(\.key.meter))
            $0.append(specs.map(\.key.quantity.name))
        }
        var out: [SeriesKey: SeriesInfo] = [:]
        for row in rows {
            let (id, meter, quantity, kind, unit, rules, pruned, oldSite) = try row.decode(
                (Int64, String, String, String, String, String, Int64?, String).self)
            let info = Self.seriesInfo(id, meter, quantity, kind, unit, rules, pruned)
            guard let spec = specs.first(where: { $0.key == info.key }) else { continue }
            out[info.key] = try adopt(info, from: oldSite, as: spec, site: site)
        }
        let missing = specs.filter { out[$0.key] == nil }.sorted { $0.key.description < $1.key.description }
        guard !missing.isEmpty else { return out }
        let created = try run(
            "series",
            sql: """
                INSERT INTO series(site_id, meter, quantity, kind, unit, rules)
                SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) RETURNING id, meter, quantity
                """
        ) {
            $0.append(site)
            $0.append(missing.map(\.key.meter))
            $0.append(missing.map(\.key.quantity.name))
            $0.append(missing.map(\.kind.rawValue))
            $0.append(missing.map(\.unit))
            $0.append(try missing.map { String(decoding: try Self.sortedEncoder.encode($0.rules), as: UTF8.self) })
        }
        for row in created {
            let (id, meter, quantity) = try row.decode((Int64, String, String).self)
            let key = SeriesKey(meter: meter, quantity: Quantity(quantity))
            guard let spec = missing.first(where: { $0.key == key }) else { continue }
            seriesSites.withLock { $0[id] = site }
            out[key] = SeriesInfo(id: id, key: key, kind: spec.kind, unit: spec.unit, rules: spec.rules, prunedBefore: nil)
        }
        return out
    }

    /// A series found for `spec`: its kind and unit must match; it moves to `site` if it was
    /// another building's; new counter rules are saved and applied to its whole history.
    func adopt(_ found: SeriesInfo, from oldSite: String, as spec: SeriesSpec, site: String) throws -> SeriesInfo {
        var info = found
        guard info.kind == spec.kind else {
            throw StoreError.kindMismatch(series: spec.key.description, stored: info.kind, requested: spec.kind)
        }
        guard info.unit == spec.unit else {
            throw StoreError.unitMismatch(series: spec.key.description, stored: info.unit, requested: spec.unit)
        }
        if oldSite != site {
            for table in ["series", "sample", "rollup", "interval_total", "counter_replacement"] {
                let idColumn = table == "series" ? "id" : "series"
                try run(
                    "series \(spec.key) moving to \(site)", sql: "UPDATE \(table) SET site_id = $1 WHERE site_id = $2 AND \(idColumn) = $3"
                ) {
                    $0.append(site)
                    $0.append(oldSite)
                    $0.append(info.id)
                }
            }
        }
        seriesSites.withLock { $0[info.id] = site }
        if info.rules != spec.rules {
            let rules = String(decoding: try Self.sortedEncoder.encode(spec.rules), as: UTF8.self)
            try run("series \(spec.key)", sql: "UPDATE series SET rules = $1 WHERE site_id = $2 AND id = $3") {
                $0.append(rules)
                $0.append(site)
                $0.append(info.id)
            }
            info.rules = spec.rules
            if info.kind != .intervalTotal, let extent = try extent(site: site, series: info.id) {
                let space = PostgresRollupWorkspace(store: self, site: site, series: info.id)
                try IncrementalRollups(info: info, calendar: calendar).samplesChanged(in: space, from: extent.first, to: extent.last)
            }
        }
        return info
    }

    func extent(site: String, series: Int64) throws -> (first: Int64, last: Int64)? {
        let row = try run("readings", sql: "SELECT min(ts), max(ts) FROM sample WHERE site_id = $1 AND series = $2") {
            $0.append(site)
            $0.append(series)
        }.first
        guard let (lo, hi) = try row?.decode((Int64?, Int64?).self), let lo, let hi else { return nil }
        return (lo, hi)
    }

    /// Upserts bills; the buckets of those that changed are spread again.
    func mergeIntervals(_ list: [IntervalTotal], info: SeriesInfo, site: String) throws -> IngestReport {
        var latest: [String: IntervalTotal] = [:]
        for t in list { latest["\(t.startMs)-\(t.endMs)"] = t }
        let unique = latest.values.sorted { ($0.startMs, $0.endMs) < ($1.startMs, $1.endMs) }
        let row = try run(
            "bills of \(info.key)",
            sql: """
                WITH input AS (SELECT * FROM unnest($3::int8[], $4::int8[], $5::float8[]) AS u(start, "end", value)),
                old AS (SELECT i.start FROM interval_total i JOIN input USING (start, "end") WHERE i.site_id = $1 AND i.series = $2),
                written AS (
                    INSERT INTO interval_total(site_id, series, start, "end", value) SELECT $1, $2, start, "end", value FROM input
                    ON CONFLICT (site_id, series, start, "end") DO UPDATE SET value = EXCLUDED.value
                    WHERE interval_total.value <> EXCLUDED.value
                    RETURNING start, "end")
                SELECT (SELECT count(*) FROM old), (SELECT count(*) FROM written), (SELECT min(start) FROM written),
                       (SELECT max("end") FROM written)
                """
        ) {
            $0.append(site)
            $0.append(info.id)
            $0.append(unique.map(\.startMs))
            $0.append(unique.map(\.endMs))
            $0.append(unique.map(\.value))
        }.first!
        let (existing, written, lo, hi) = try row.decode((Int64, Int64, Int64?, Int64?).self)
        var report = IngestReport()
        report.inserted = unique.count - Int(existing)
        report.updated = Int(written) - report.inserted
        report.unchanged = Int(existing) - report.updated
        if let lo, let hi {
            let space = PostgresRollupWorkspace(store: self, site: site, series: info.id)
            try IncrementalRollups(info: info, calendar: calendar).intervalsChanged(in: space, from: lo, to: hi)
        }
        return report
    }

    func replacements(site: String, series: Int64) throws -> [CounterReplacement] {
        try run(
            "meter replacements",
            sql: "SELECT ts, old_final, new_initial FROM counter_replacement WHERE site_id = $1 AND series = $2 ORDER BY ts"
        ) {
            $0.append(site)
            $0.append(series)
        }.map { row in
            let (ms, oldFinal, newInitial) = try row.decode((Int64, Double, Double).self)
            return CounterReplacement(ms: ms, oldFinal: oldFinal, newInitial: newInitial)
        }
    }

    /// Counts commits that changed data, so that caches of answers (the server's) notice writes
    /// made by any process, as SQLite's `data_version` does for the embedded store.
    func bumpGeneration() throws {
        try run(
            "the generation",
            sql: """
                INSERT INTO meterwatch_meta(key, value) VALUES ('generation', '1')
                ON CONFLICT (key) DO UPDATE SET value = (meterwatch_meta.value::bigint + 1)::text
                """)
    }

    /// A number that changes with every commit that changed readings, bills or KPI actuals.
    public func generation() throws -> Int64 {
        try run("the generation", sql: "SELECT value FROM meterwatch_meta WHERE key = 'generation'").first
            .flatMap { Int64(try $0.decode(String.self)) } ?? 0
    }
}

extension PostgresStore: CentralStore {
    public func setKPIActual(_ actual: KPIActual, site: String) throws {
        guard actual.actual.isFinite else { throw StoreError.nonFiniteValue(series: "kpi \(actual.kpi)", ms: actual.enteredAtMs) }
        try setKPIActuals([actual], site: site)
    }
}
