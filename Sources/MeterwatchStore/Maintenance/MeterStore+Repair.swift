import GRDB
import MeterwatchCore

extension MeterStore {
    /// Deletes a series' raw readings with `from <= ts < to` and its interval totals that start in
    /// that range, and recomputes every rollup they touched, in one transaction. With `dryRun`,
    /// only counts. Raw data older than the series' pruning horizon cannot be deleted: its rollups
    /// are final (they would not come back).
    @discardableResult
    public func deleteReadings(series seriesID: Int64, from: Int64, to: Int64, dryRun: Bool = false) throws -> DeletionReport {
        try pool.write { db in
            guard let info = try Self.fetchSeries(db, sql: "WHERE id = ?", [seriesID]).first else {
                throw StoreError.unknownSeries("#\(seriesID)")
            }
            var report = DeletionReport()
            report.dryRun = dryRun
            guard from < to else { return report }
            if let pruned = info.prunedBefore, from < pruned {
                throw StoreError.olderThanRetainedRaw(series: info.key.description, ms: from, prunedBefore: pruned)
            }
            let samples = try SampleChunks.extent(db, series: seriesID, from: from, to: to)
            let intervals = try Row.fetchOne(
                db,
                sql: "SELECT COUNT(*), MIN(start), MAX(end), MAX(start) FROM interval_total WHERE series = ? AND start >= ? AND start < ?",
                arguments: [seriesID, from, to])!
            report.samples = samples.count
            report.intervals = intervals[0]
            report.firstMs = [samples.first, intervals[1] as Int64?].compactMap { $0 }.min()
            report.lastMs = [samples.last, intervals[3] as Int64?].compactMap { $0 }.max()
            guard !dryRun else { return report }
            if report.samples > 0, let lo = samples.first, let hi = samples.last {
                _ = try SampleChunks.delete(db, series: seriesID, from: from, to: to)
                try recomputeSampleRollups(db, info, from: lo, to: hi)
            }
            if report.intervals > 0, let lo: Int64 = intervals[1], let hi: Int64 = intervals[2] {
                try db.execute(
                    sql: "DELETE FROM interval_total WHERE series = ? AND start >= ? AND start < ?", arguments: [seriesID, from, to])
                try recomputeIntervalRollups(db, info, from: lo, to: hi)
            }
            // The central deletes what was deleted here, no more: the span that held readings.
            if try Self.forwarding(db), let lo = report.firstMs, let hi = report.lastMs {
                try logChange(db, series: seriesID, intervals: info.kind == .intervalTotal, from: lo, to: hi, deleted: true)
            }
            return report
        }
    }

    /// Stored readings no entrance would accept today (outside `limits` at `nowMs`), grouped in
    /// runs with no acceptable reading between them; at most `runsPerSeries` runs per series.
    public func implausibleReadings(limits: PlausibilityLimits, nowMs: Int64, runsPerSeries: Int = 20) throws -> [ImplausibleRun] {
        var out: [ImplausibleRun] = []
        for info in try allSeries() {
            var runs: [ImplausibleRun] = []
            // Whether the last reading seen was implausible, so that the next one extends its run.
            var open = false
            func note(_ ms: Int64, _ problem: Implausibility?) {
                guard let problem else {
                    open = false
                    return
                }
                if open {
                    runs[runs.count - 1].lastMs = ms
                    runs[runs.count - 1].count += 1
                } else if runs.count < runsPerSeries {
                    runs.append(ImplausibleRun(key: info.key, firstMs: ms, lastMs: ms, count: 1, problem: problem))
                    open = true
                }
            }
            if info.kind == .intervalTotal {
                for t in try intervalTotals(series: info.id, from: Int64.min, to: Int64.max) {
                    let problem =
                        limits.check(intervalStart: t.startMs, end: t.endMs, nowMs: nowMs)
                        ?? limits.check(value: t.value, quantity: info.key.quantity, kind: info.kind, rules: info.rules)
                    note(t.startMs, problem)
                }
            } else {
                try pool.read { db in
                    try SampleChunks.forEach(db, series: info.id) { s in
                        note(
                            s.ms,
                            limits.check(ms: s.ms, nowMs: nowMs)
                                ?? limits.check(value: s.value, quantity: info.key.quantity, kind: info.kind, rules: info.rules))
                    }
                }
            }
            out += runs
        }
        return out
    }
}
