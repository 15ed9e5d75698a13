import Foundation
import GRDB
import MeterwatchCore

/// The edge's side of forwarding to a central Meterwatch: once forwarding is on, every write logs
/// the range it changed (`change_log`, in the write's own transaction, so no write escapes it), the
/// forwarder sends what the log names and deletes the entries the central acknowledged. A crash
/// between the central's answer and the acknowledgement sends the same readings again, which the
/// central stores as unchanged: every reading arrives exactly once.
extension MeterStore {
    /// Whether writes are logged for forwarding (checked in every write transaction, so that a
    /// forwarder started beside a running collector sees its writes from then on).
    static func forwarding(_ db: Database) throws -> Bool {
        try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'forward.enabled'")) == "1"
    }

    /// Logs that readings (or interval totals) of a series in `[from, to]` were written (callers
    /// check `forwarding` once per write, not per series).
    func logChange(_ db: Database, series: Int64, intervals: Bool, from: Int64, to: Int64, deleted: Bool = false) throws {
        try db.execute(
            sql: "INSERT INTO change_log(series, intervals, from_ms, to_ms, recorded_at, deleted) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [series, intervals ? 1 : 0, from, to, clock.nowMs(), deleted ? 1 : 0])
    }

    /// Turns forwarding on. What the store already holds is logged at once (readings a week of one
    /// series per entry), so that the central receives the whole history before what comes next. Returns false
    /// when forwarding was already on.
    @discardableResult
    public func enableForwarding() throws -> Bool {
        try pool.write { db in
            guard try !Self.forwarding(db) else { return false }
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('forward.enabled', '1')")
            for info in try Self.fetchSeries(db, sql: "ORDER BY id", []) {
                let intervals = info.kind == .intervalTotal
                let span: (Int64?, Int64?)
                if intervals {
                    let row = try Row.fetchOne(
                        db, sql: "SELECT MIN(start), MAX(end) FROM interval_total WHERE series = ?", arguments: [info.id])
                    span = (row?[0], row?[1])
                } else {
                    let extent = try SampleChunks.extent(db, series: info.id)
                    span = (extent.first, extent.last)
                }
                guard var lo = span.0, let hi = span.1 else { continue }
                // Interval totals are few (a bill a month): one entry; readings, a week per entry.
                if intervals {
                    try logChange(db, series: info.id, intervals: true, from: lo, to: hi)
                    continue
                }
                while lo <= hi {
                    let end = min(hi, lo + Self.forwardSliceMs - 1)
                    try logChange(db, series: info.id, intervals: intervals, from: lo, to: end)
                    if end == hi { break }
                    lo = end + 1
                }
            }
            return true
        }
    }

    /// Turns forwarding off and forgets what was not sent (an edge that no longer forwards would
    /// otherwise log every write forever). Returns the entries dropped.
    @discardableResult
    public func disableForwarding() throws -> Int {
        try pool.write { db in
            let dropped = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change_log") ?? 0
            try db.execute(sql: "DELETE FROM change_log")
            for key in ["forward.enabled", "forward.last_error", "forward.alert_event", "forward.refuel", "forward.audit"] {
                try Self.setMeta(db, key, nil)
            }
            try db.execute(sql: "UPDATE device_health SET forwarded_at = NULL, forwarded_state = NULL")
            return dropped
        }
    }

    /// The history logged when forwarding starts is cut into entries of this span.
    static let forwardSliceMs = 7 * msPerDay

    /// The oldest changes not yet acknowledged by the central, by sequence.
    public func pendingChanges(limit: Int) throws -> [ForwardChange] {
        try pool.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT seq, series, intervals, from_ms, to_ms, recorded_at, deleted FROM change_log ORDER BY seq LIMIT ?",
                arguments: [limit])
            var series: [Int64: SeriesInfo] = [:]
            for info in try Self.fetchSeries(db, sql: "", []) { series[info.id] = info }
            return rows.compactMap { row in
                series[row["series"]].map {
                    ForwardChange(
                        seq: row["seq"], series: $0, intervals: row["intervals"] == 1, fromMs: row["from_ms"], toMs: row["to_ms"],
                        recordedAtMs: row["recorded_at"], deleted: row["deleted"] == 1)
                }
            }
        }
    }

    /// Records that the central stored `readings` more, and deletes the changes up to `seq` (all of
    /// whose readings it now holds; nil: none complete yet).
    public func acknowledgeForwarded(through seq: Int64?, readings: Int, atMs: Int64) throws {
        try pool.write { db in
            if let seq { try db.execute(sql: "DELETE FROM change_log WHERE seq <= ?", arguments: [seq]) }
            try Self.setMeta(db, "forward.last_success", "\(atMs)")
            try Self.setMeta(db, "forward.last_error", nil)
            let sent = (try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'forward.readings'")).flatMap(Int64.init) ?? 0
            try Self.setMeta(db, "forward.readings", "\(sent + Int64(readings))")
        }
    }

    /// Records why the last attempt failed (shown by `forward status`).
    public func recordForwardError(_ message: String, atMs: Int64) throws {
        try pool.write { db in try Self.setMeta(db, "forward.last_error", "\(atMs) \(message)") }
    }

    /// Where forwarding stands.
    public func forwardState() throws -> ForwardState {
        try pool.read { db in
            func meta(_ key: String) throws -> String? {
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
            }
            let pending = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(recorded_at) FROM change_log")
            let error = try meta("forward.last_error")
            let parts = error?.split(separator: " ", maxSplits: 1)
            return ForwardState(
                enabled: try Self.forwarding(db), pendingChanges: pending?[0] ?? 0, oldestPendingMs: pending?[1],
                lastSuccessMs: try meta("forward.last_success").flatMap { Int64($0) },
                lastErrorMs: parts.flatMap { $0.first.flatMap { Int64($0) } },
                lastError: parts.flatMap { $0.count > 1 ? String($0[1]) : nil },
                forwardedReadings: try meta("forward.readings").flatMap { Int64($0) } ?? 0)
        }
    }

    static func setMeta(_ db: Database, _ key: String, _ value: String?) throws {
        if let value {
            try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }
}
