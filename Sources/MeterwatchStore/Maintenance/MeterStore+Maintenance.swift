import Foundation
import GRDB
import MeterwatchCore

extension MeterStore {
    public func stats() throws -> StoreStats {
        try pool.read { db in
            var list: [StoreStats.SeriesStats] = []
            for info in try Self.fetchSeries(db, sql: "ORDER BY meter, quantity", []) {
                let s = try SampleChunks.extent(db, series: info.id)
                let i = try Row.fetchOne(
                    db, sql: "SELECT COUNT(*), MIN(start), MAX(end) FROM interval_total WHERE series = ?", arguments: [info.id])!
                let r = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rollup WHERE series = ?", arguments: [info.id]) ?? 0
                let first = [s.first, i[1] as Int64?].compactMap { $0 }.min()
                let last = [s.last, i[2] as Int64?].compactMap { $0 }.max()
                list.append(
                    .init(
                        meter: info.key.meter, quantity: info.key.quantity.name, kind: info.kind.rawValue, unit: info.unit,
                        samples: s.count, intervals: i[0], rollups: r, firstMs: first, lastMs: last))
            }
            let bytes = ["", "-wal"].compactMap { try? FileManager.default.attributesOfItem(atPath: path + $0)[.size] as? Int64 }.reduce(
                0, +)
            let pages = try? Int64.fetchOne(
                db, sql: "SELECT SUM(pgsize) FROM dbstat WHERE name IN ('chunk', 'chunk_series_start', 'sample_head')")
            // Without dbstat: the chunks' payload and 16 bytes per head row.
            let payload =
                try Int64.fetchOne(
                    db, sql: "SELECT COALESCE(SUM(length(data)), 0) + 16 * (SELECT COUNT(*) FROM sample_head) FROM chunk") ?? 0
            return StoreStats(
                path: path, schemaVersion: try Self.schemaVersion(db), fileBytes: bytes,
                samples: list.reduce(0) { $0 + $1.samples }, rollups: list.reduce(0) { $0 + $1.rollups }, rawBytes: pages ?? payload,
                series: list)
        }
    }

    /// SQLite's integrity check, then each counter's anomalies (resets, implausible jumps, glitches).
    public func check() throws -> [CheckFinding] {
        var findings: [CheckFinding] = []
        let integrity = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        if integrity != ["ok"] {
            findings += integrity.map { CheckFinding(severity: .error, series: nil, ms: nil, message: "integrity: \($0)") }
        }
        for info in try allSeries() where info.kind == .counter {
            let samples = try self.samples(series: info.id, from: Int64.min, to: Int64.max)
            let analysis = CounterAnalyzer.analyze(samples, rules: info.rules, replacements: try replacements(series: info.id))
            for iv in analysis.intervals where !iv.isCounted {
                let what =
                    iv.kind == .reset
                    ? "counter dropped with no replacement recorded: nothing counted from here; if the meter was replaced, run "
                        + "`meterwatch meter replace`"
                    : "implausible rise (above max_rate_per_hour): excluded"
                findings.append(CheckFinding(severity: .warning, series: info.key.description, ms: iv.endMs, message: what))
            }
            for g in analysis.glitches {
                findings.append(
                    CheckFinding(
                        severity: .info, series: info.key.description, ms: g.ms, message: "transient glitch reading \(g.value) left out"))
            }
            let gaps = analysis.intervals.filter(\.spansGap)
            if !gaps.isEmpty {
                findings.append(
                    CheckFinding(
                        severity: .info, series: info.key.description, ms: gaps[0].startMs,
                        message: "\(gaps.count) gap(s) longer than max_gap; their consumption is kept and marked estimated"))
            }
        }
        findings += try rollupFindings()
        return findings
    }

    /// Stored rollups against the same rollups computed afresh from every reading: they must be
    /// equal (rollups are kept write by write). Series pruned at some point are left out: their old
    /// rollups have no readings left to be computed from.
    func rollupFindings() throws -> [CheckFinding] {
        var findings: [CheckFinding] = []
        for info in try allSeries() where info.prunedBefore == nil {
            let samples = info.kind == .intervalTotal ? [] : try self.samples(series: info.id, from: .min, to: .max)
            let intervals = info.kind == .intervalTotal ? try intervalTotals(series: info.id, from: .min, to: .max) : []
            let expected = WholeSeriesRollups.compute(
                info, samples: samples, intervals: intervals, replacements: try replacements(series: info.id), calendar: calendar)
            for level in Resolution.allCases {
                let stored = try rollups(series: info.id, resolution: level, from: .min, to: .max)
                let fresh = expected.first { $0.resolution == level }?.buckets ?? []
                guard stored != fresh else { continue }
                // The first bucket where they part (one side may run longer than the other).
                let index = (0..<max(stored.count, fresh.count)).first {
                    $0 >= stored.count || $0 >= fresh.count || stored[$0] != fresh[$0]
                }
                let first = index.map { $0 < stored.count ? stored[$0].start : fresh[$0].start }
                findings.append(
                    CheckFinding(
                        severity: .warning, series: info.key.description, ms: first,
                        message:
                            "\(level) rollups differ from a recompute from the readings (\(stored.count) stored, \(fresh.count) computed)",
                        remedy: "meterwatch db rebuild-rollups"))
                break
            }
        }
        return findings
    }

    /// The newest migration applied to the file, in the migrator's order ("none" for an empty file).
    static func schemaVersion(_ db: Database) throws -> String {
        let applied = try migrator.appliedIdentifiers(db)
        return migrator.migrations.last(where: applied.contains) ?? "none"
    }

    /// An online, consistent copy of the store (SQLite's backup API), safe while others write.
    public func backup(to destination: String) throws {
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
    }

    /// Deletes raw samples older than `retentionDays` before `now`, cut at a local month start so the
    /// retained raw data covers whole months. One sample before the cut is kept per series as the
    /// anchor of the next delta. Rollups are kept forever. Returns the number of samples deleted.
    @discardableResult
    public func prune(retentionDays: Int, now: Int64) throws -> Int {
        let horizon = calendar.bucket(containing: now - Int64(retentionDays) * msPerDay, resolution: .month).start
        return try pool.write { db in
            var deleted = 0
            for info in try Self.fetchSeries(db, sql: "WHERE kind != 'interval_total'", []) {
                guard let anchor = try SampleChunks.latest(db, series: info.id, atOrBefore: horizon - 1)?.ms else { continue }
                deleted += try SampleChunks.delete(db, series: info.id, from: .min, to: anchor).count
                if (info.prunedBefore ?? Int64.min) < horizon {
                    try db.execute(sql: "UPDATE series SET pruned_before = ? WHERE id = ?", arguments: [horizon, info.id])
                }
            }
            return deleted
        }
    }

    /// Bytes used by each table and index (SQLite's dbstat), or nil where dbstat is not compiled in.
    public func tableBytes() throws -> [String: Int64]? {
        try pool.read { db in
            guard let rows = try? Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name") else { return nil }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] as String, $0["bytes"] as Int64) })
        }
    }

    /// Forces a WAL checkpoint (used before measuring the file size).
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }
}
