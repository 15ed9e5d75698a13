import Foundation
import GRDB
import MeterwatchCore

extension MeterStore {
    static let alertColumns = """
        id, rule, subject, meter, type, severity, state, started_at, fired_at, resolved_at, updated_at, clear_since,
        last_notified_at, value, threshold, unit, message_en, message_zh, details, acked_by, acked_at, ack_comment
        """

    static func alert(_ row: Row) -> StoredAlert {
        let detailsText: String = row["details"]
        var a = StoredAlert(
            id: row["id"], rule: row["rule"], subject: row["subject"], meter: row["meter"], type: row["type"],
            severity: AlertSeverity(rawValue: row["severity"]) ?? .warning, state: AlertState(rawValue: row["state"]) ?? .resolved,
            startedAtMs: row["started_at"], updatedAtMs: row["updated_at"], value: row["value"], threshold: row["threshold"],
            unit: row["unit"], messageEN: row["message_en"], messageZH: row["message_zh"],
            details: (try? JSONDecoder().decode([String: Double].self, from: Data(detailsText.utf8))) ?? [:])
        a.firedAtMs = row["fired_at"]
        a.resolvedAtMs = row["resolved_at"]
        a.clearSinceMs = row["clear_since"]
        a.lastNotifiedAtMs = row["last_notified_at"]
        a.ackedBy = row["acked_by"]
        a.ackedAtMs = row["acked_at"]
        a.ackComment = row["ack_comment"]
        return a
    }

    /// Pending and firing alerts.
    public func activeAlerts() throws -> [StoredAlert] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE state IN ('pending', 'firing') ORDER BY id").map(
                Self.alert)
        }
    }

    /// Alerts, newest first; `state` nil lists all but cancelled ones.
    public func alerts(state: AlertState? = nil, limit: Int = 500) throws -> [StoredAlert] {
        try pool.read { db in
            if let state {
                return try Row.fetchAll(
                    db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE state = ? ORDER BY id DESC LIMIT ?",
                    arguments: [state.rawValue, limit]
                ).map(Self.alert)
            }
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE state != 'cancelled' ORDER BY id DESC LIMIT ?", arguments: [limit]
            ).map(Self.alert)
        }
    }

    public func alert(id: Int64) throws -> StoredAlert? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE id = ?", arguments: [id]).map(Self.alert)
        }
    }

    public func alertEvents(alert: Int64) throws -> [AlertEvent] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT alert, ts, event, value, note FROM alert_event WHERE alert = ? ORDER BY id", arguments: [alert]
            ).map {
                AlertEvent(alert: $0["alert"], atMs: $0["ts"], event: $0["event"], value: $0["value"], note: $0["note"])
            }
        }
    }

    /// Stores alert changes, their history entries and the notifications `deliveries` builds for
    /// each stored alert, in one transaction. Returns the changes with new alerts' ids filled in.
    public func commitAlertChanges(
        _ changes: [AlertChange],
        deliveries: (AlertChange) -> [(webhook: String, body: String)] = { _ in [] }
    ) throws -> [AlertChange] {
        guard !changes.isEmpty else { return [] }
        let encoder = JSONEncoder.sorted
        return try pool.write { db in
            var out: [AlertChange] = []
            for var change in changes {
                var a = change.alert
                let details = String(decoding: try encoder.encode(a.details), as: UTF8.self)
                let values: StatementArguments = [
                    a.rule, a.subject, a.meter, a.type, a.severity.rawValue, a.state.rawValue, a.startedAtMs,
                    a.firedAtMs, a.resolvedAtMs, a.updatedAtMs, a.clearSinceMs, a.lastNotifiedAtMs, a.value,
                    a.threshold, a.unit, a.messageEN, a.messageZH, details,
                ]
                if a.id == 0 {
                    try db.execute(
                        sql: """
                            INSERT INTO alert(rule, subject, meter, type, severity, state, started_at, fired_at, resolved_at, updated_at,
                                              clear_since, last_notified_at, value, threshold, unit, message_en, message_zh, details)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: values)
                    a.id = db.lastInsertedRowID
                } else {
                    // Acknowledgements are made by other processes: never overwrite them here.
                    try db.execute(
                        sql: """
                            UPDATE alert SET rule = ?, subject = ?, meter = ?, type = ?, severity = ?, state = ?,
                            started_at = ?, fired_at = ?,
                                             resolved_at = ?, updated_at = ?, clear_since = ?, last_notified_at = ?,
                                             value = ?, threshold = ?,
                                             unit = ?, message_en = ?, message_zh = ?, details = ?
                            WHERE id = ?
                            """, arguments: values + [a.id])
                    if let row = try Row.fetchOne(
                        db, sql: "SELECT acked_by, acked_at, ack_comment FROM alert WHERE id = ?", arguments: [a.id])
                    {
                        a.ackedBy = row["acked_by"]
                        a.ackedAtMs = row["acked_at"]
                        a.ackComment = row["ack_comment"]
                    }
                }
                change.alert = a
                if let event = change.event {
                    try db.execute(
                        sql: "INSERT INTO alert_event(alert, ts, event, value, note) VALUES (?, ?, ?, ?, ?)",
                        arguments: [a.id, change.atMs, event.rawValue, a.value, a.messageEN])
                }
                for d in deliveries(change) {
                    try db.execute(
                        sql: """
                            INSERT INTO alert_delivery(alert, event, webhook, body, created_at, status, next_attempt_at)
                            VALUES (?, ?, ?, ?, ?, 'pending', ?)
                            """, arguments: [a.id, change.event?.rawValue ?? "update", d.webhook, d.body, change.atMs, change.atMs])
                }
                out.append(change)
            }
            return out
        }
    }

    /// Records who acknowledged an active alert. Acknowledgement silences repeats, not resolution.
    @discardableResult
    public func acknowledgeAlert(id: Int64, by: String, comment: String?, atMs: Int64) throws -> StoredAlert {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE id = ?", arguments: [id]) else {
                throw AlertStoreError.notFound(id)
            }
            var a = Self.alert(row)
            guard a.state.isActive else { throw AlertStoreError.notActive(id, a.state) }
            try db.execute(
                sql: "UPDATE alert SET acked_by = ?, acked_at = ?, ack_comment = ? WHERE id = ?", arguments: [by, atMs, comment, id])
            try db.execute(
                sql: "INSERT INTO alert_event(alert, ts, event, value, note) VALUES (?, ?, 'acknowledged', NULL, ?)",
                arguments: [id, atMs, comment.map { "\(by): \($0)" } ?? by])
            a.ackedBy = by
            a.ackedAtMs = atMs
            a.ackComment = comment
            return a
        }
    }

    static func delivery(_ r: Row) -> AlertDelivery {
        AlertDelivery(
            id: r["id"], alert: r["alert"], event: r["event"], webhook: r["webhook"], body: r["body"], createdAtMs: r["created_at"],
            status: AlertDelivery.Status(rawValue: r["status"]) ?? .failed, attempts: r["attempts"], nextAttemptAtMs: r["next_attempt_at"],
            httpStatus: r["http_status"], lastError: r["last_error"], deliveredAtMs: r["delivered_at"])
    }

    static let deliveryColumns =
        "id, alert, event, webhook, body, created_at, status, attempts, next_attempt_at, http_status, last_error, delivered_at"

    /// Notifications due for a (first or further) attempt, oldest first.
    public func dueDeliveries(nowMs: Int64, limit: Int = 50) throws -> [AlertDelivery] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT \(Self.deliveryColumns) FROM alert_delivery WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id "
                    + "LIMIT ?",
                arguments: [nowMs, limit]
            ).map(Self.delivery)
        }
    }

    /// The delivery log (of one alert, or the latest of all).
    public func deliveries(alert: Int64? = nil, limit: Int = 500) throws -> [AlertDelivery] {
        try pool.read { db in
            if let alert {
                return try Row.fetchAll(
                    db, sql: "SELECT \(Self.deliveryColumns) FROM alert_delivery WHERE alert = ? ORDER BY id", arguments: [alert]
                ).map(Self.delivery)
            }
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.deliveryColumns) FROM alert_delivery ORDER BY id DESC LIMIT ?", arguments: [limit]
            ).map(Self.delivery)
        }
    }

    /// Records one attempt: delivered, to be retried at `retryAtMs`, or failed for good (`retryAtMs` nil).
    public func recordDeliveryAttempt(id: Int64, delivered: Bool, httpStatus: Int?, error: String?, retryAtMs: Int64?, atMs: Int64) throws {
        try pool.write { db in
            let status = delivered ? "delivered" : (retryAtMs == nil ? "failed" : "pending")
            try db.execute(
                sql: """
                    UPDATE alert_delivery SET status = ?, attempts = attempts + 1, next_attempt_at = COALESCE(?, next_attempt_at),
                           http_status = ?, last_error = ?, delivered_at = ? WHERE id = ?
                    """, arguments: [status, retryAtMs, httpStatus, error, delivered ? atMs : nil, id])
        }
    }
}
