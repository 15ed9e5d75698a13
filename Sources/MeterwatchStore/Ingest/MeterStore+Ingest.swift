import Foundation
import GRDB
import MeterwatchCore

extension MeterStore {
    /// Appends readings for several series in one transaction and brings their rollups up to date.
    /// Order within a batch does not matter; late and out-of-order readings update the rollups they
    /// touch; a reading already stored with the same value is counted as unchanged.
    @discardableResult
    public func append(_ batch: [Int64: [Sample]]) throws -> IngestReport {
        try pool.write { db in try self.append(batch, db: db) }
    }

    func append(_ batch: [Int64: [Sample]], db: Database) throws -> IngestReport {
        var report = IngestReport()
        let accepted = acceptedTimes()
        let logged = try Self.forwarding(db)
        for (seriesID, samples) in batch.sorted(by: { $0.key < $1.key }) where !samples.isEmpty {
            guard let info = try Self.fetchSeries(db, sql: "WHERE id = ?", [seriesID]).first else {
                throw StoreError.unknownSeries("#\(seriesID)")
            }
            guard info.kind != .intervalTotal else {
                throw StoreError.kindMismatch(series: info.key.description, stored: info.kind, requested: .counter)
            }
            for s in samples {
                guard s.value.isFinite else { throw StoreError.nonFiniteValue(series: info.key.description, ms: s.ms) }
                guard accepted.contains(s.ms) else { throw StoreError.implausibleTime(series: info.key.description, ms: s.ms) }
                if let p = info.prunedBefore, s.ms < p {
                    throw StoreError.olderThanRetainedRaw(series: info.key.description, ms: s.ms, prunedBefore: p)
                }
            }
            let previousLast = try SampleChunks.latest(db, series: seriesID)?.ms ?? Int64.min
            let merged = try SampleChunks.merge(db, series: seriesID, samples, headLimit: headLimit)
            report.inserted += merged.inserted
            report.updated += merged.updated
            report.unchanged += merged.unchanged
            if let first = merged.written.first, let last = merged.written.last {
                // Live order (everything after the last stored reading): the new readings are already
                // in memory, so only the context before them is read back.
                let appended = first.ms > previousLast ? merged.written : nil
                try recomputeSampleRollups(db, info, from: first.ms, to: last.ms, appended: appended)
                if logged { try logChange(db, series: seriesID, intervals: false, from: first.ms, to: last.ms) }
            }
        }
        return report
    }

    /// Stores values over `[start, end)` (bills, refuels) and spreads them over the buckets they cover.
    /// The same (series, start, end) again replaces the value.
    @discardableResult
    public func appendIntervals(_ batch: [Int64: [IntervalTotal]]) throws -> IngestReport {
        try pool.write { db in try self.appendIntervals(batch, db: db) }
    }

    func appendIntervals(_ batch: [Int64: [IntervalTotal]], db: Database) throws -> IngestReport {
        var report = IngestReport()
        let logged = try Self.forwarding(db)
        for (seriesID, totals) in batch.sorted(by: { $0.key < $1.key }) where !totals.isEmpty {
            guard let info = try Self.fetchSeries(db, sql: "WHERE id = ?", [seriesID]).first else {
                throw StoreError.unknownSeries("#\(seriesID)")
            }
            guard info.kind == .intervalTotal else {
                throw StoreError.kindMismatch(series: info.key.description, stored: info.kind, requested: .intervalTotal)
            }
            var lo = Int64.max
            var hi = Int64.min
            let accepted = acceptedTimes()
            for t in totals {
                guard t.value.isFinite else { throw StoreError.nonFiniteValue(series: info.key.description, ms: t.startMs) }
                guard t.endMs > t.startMs, t.endMs - t.startMs <= Self.longestIntervalMs else {
                    throw StoreError.invalidInterval(series: info.key.description, startMs: t.startMs, endMs: t.endMs)
                }
                guard accepted.contains(t.startMs), accepted.contains(t.endMs) else {
                    throw StoreError.implausibleTime(series: info.key.description, ms: accepted.contains(t.startMs) ? t.endMs : t.startMs)
                }
                let old = try Double.fetchOne(
                    db, sql: "SELECT value FROM interval_total WHERE series = ? AND start = ? AND end = ?",
                    arguments: [seriesID, t.startMs, t.endMs])
                if let old {
                    if old == t.value {
                        report.unchanged += 1
                        continue
                    }
                    try db.execute(
                        sql: "UPDATE interval_total SET value = ? WHERE series = ? AND start = ? AND end = ?",
                        arguments: [t.value, seriesID, t.startMs, t.endMs])
                    report.updated += 1
                } else {
                    try db.execute(
                        sql: "INSERT INTO interval_total(series, start, end, value) VALUES (?, ?, ?, ?)",
                        arguments: [seriesID, t.startMs, t.endMs, t.value])
                    report.inserted += 1
                }
                lo = min(lo, t.startMs)
                hi = max(hi, t.endMs)
            }
            if lo < hi {
                try recomputeIntervalRollups(db, info, from: lo, to: hi)
                if logged { try logChange(db, series: seriesID, intervals: true, from: lo, to: hi) }
            }
        }
        return report
    }

    /// Records that a counter's meter was replaced at `ms`: the old register ended at `oldFinal`
    /// (default: its last reading) and the new one started at `newInitial` (default 0).
    public func recordReplacement(series seriesID: Int64, _ event: CounterReplacement, note: String? = nil) throws {
        try pool.write { db in
            guard let info = try Self.fetchSeries(db, sql: "WHERE id = ?", [seriesID]).first else {
                throw StoreError.unknownSeries("#\(seriesID)")
            }
            guard info.kind == .counter else {
                throw StoreError.kindMismatch(series: info.key.description, stored: info.kind, requested: .counter)
            }
            try db.execute(
                sql:
                    "INSERT INTO counter_event(series, ts, kind, old_final, new_initial, note, recorded_at) VALUES (?, ?, 'replacement', "
                    + "?, ?, ?, ?)",
                arguments: [seriesID, event.ms, event.oldFinal, event.newInitial, note, clock.nowMs()])
            try recomputeSampleRollups(db, info, from: event.ms, to: event.ms)
        }
    }

    public func replacements(series seriesID: Int64) throws -> [CounterReplacement] {
        try pool.read { db in try Self.replacements(db, seriesID) }
    }

    static func replacements(_ db: Database, _ seriesID: Int64) throws -> [CounterReplacement] {
        try Row.fetchAll(
            db.cachedStatement(
                sql: "SELECT ts, old_final, new_initial FROM counter_event WHERE series = ? AND kind = 'replacement' ORDER BY ts"),
            arguments: [seriesID]
        )
        .map { CounterReplacement(ms: $0["ts"], oldFinal: $0["old_final"], newInitial: $0["new_initial"]) }
    }
}
