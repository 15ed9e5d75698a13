import Foundation
import GRDB
import MeterwatchCore

/// Alerts between an edge and its central. The edge sends its alerts' history entries in order
/// (`alert_event` ids after the cursor `forward.alert_event`), each with its alert as it stands;
/// the central keeps them as alerts of the sending building (`forwarded_alert` maps the edge's ids),
/// so that one list shows every building's. The edge notifies; the central only lists.
extension MeterStore {
    /// Alerts with history entries the central has not acknowledged, oldest entry first, with
    /// at most `limit` entries in all. Empty while forwarding is off.
    public func pendingAlertForwards(limit: Int) throws -> [ForwardAlert] {
        try pool.read { db in
            guard try Self.forwarding(db) else { return [] }
            let cursor = Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'forward.alert_event'") ?? "") ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, alert, ts, event, value, note FROM alert_event WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [cursor, limit])
            var order: [Int64] = []
            var events: [Int64: [ForwardAlertEvent]] = [:]
            for row in rows {
                let alert: Int64 = row["alert"]
                if events[alert] == nil { order.append(alert) }
                events[alert, default: []].append(
                    ForwardAlertEvent(id: row["id"], atMs: row["ts"], event: row["event"], value: row["value"], note: row["note"]))
            }
            return try order.compactMap { id in
                try Row.fetchOne(db, sql: "SELECT \(Self.alertColumns) FROM alert WHERE id = ?", arguments: [id]).map {
                    ForwardAlert(alert: Self.alert($0), events: events[id] ?? [])
                }
            }
        }
    }

    /// This store's id, made when it was created (or upgraded to `v9-forwarded-state`): what a
    /// central tells this edge's alerts from those of a store it replaced by.
    public func storeID() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'store.id'") ?? "" }
    }

    /// Records that the central holds every alert history entry up to `eventID`.
    public func acknowledgeForwardedAlerts(through eventID: Int64) throws {
        try pool.write { db in try Self.setMeta(db, "forward.alert_event", "\(eventID)") }
    }

    /// Keeps alerts forwarded by building `site` from the edge store `edge` (`storeID()`; alert ids
    /// start again in a replaced edge's store): new ones added (their rule named `site/rule`, so
    /// that they never clash with the central's own), known ones brought up to date, history entries
    /// taken once each. An acknowledgement made at the central is kept. Returns the entries added.
    @discardableResult
    public func mergeForwardedAlerts(_ alerts: [ForwardAlert], site: String, edge: String = "") throws -> Int {
        guard !alerts.isEmpty else { return 0 }
        let encoder = JSONEncoder.sorted
        return try pool.write { db in
            var added = 0
            // Oldest history first: an alert resolved at the edge is resolved here before its successor fires.
            for item in alerts.sorted(by: { ($0.events.first?.id ?? 0) < ($1.events.first?.id ?? 0) }) {
                let a = item.alert
                let details = String(decoding: try encoder.encode(a.details), as: UTF8.self)
                let known = try Row.fetchOne(
                    db, sql: "SELECT alert, last_event FROM forwarded_alert WHERE site = ? AND store = ? AND edge_id = ?",
                    arguments: [site, edge, a.id])
                let values: StatementArguments = [
                    "\(site)/\(a.rule)", a.subject, a.meter, a.type, a.severity.rawValue, a.state.rawValue, a.startedAtMs,
                    a.firedAtMs, a.resolvedAtMs, a.updatedAtMs, a.clearSinceMs, a.lastNotifiedAtMs, a.value, a.threshold, a.unit,
                    a.messageEN, a.messageZH, details,
                ]
                func keepEdgeID(_ id: Int64) throws {
                    try db.execute(
                        sql: "INSERT INTO forwarded_alert(site, store, edge_id, alert, last_event) VALUES (?, ?, ?, ?, 0)",
                        arguments: [site, edge, a.id, id])
                }
                let id: Int64
                var lastEvent: Int64 = 0
                if let known {
                    id = known["alert"]
                    lastEvent = known["last_event"]
                    try db.execute(
                        sql: """
                            UPDATE alert SET rule = ?, subject = ?, meter = ?, type = ?, severity = ?, state = ?, started_at = ?,
                                fired_at = ?, resolved_at = ?, updated_at = ?, clear_since = ?, last_notified_at = ?, value = ?,
                                threshold = ?, unit = ?, message_en = ?, message_zh = ?, details = ?
                            WHERE id = ?
                            """, arguments: values + [id])
                } else if let active = try Int64.fetchOne(
                    db, sql: "SELECT id FROM alert WHERE rule = ? AND subject = ? AND state IN ('pending', 'firing')",
                    arguments: ["\(site)/\(a.rule)", a.subject])
                {
                    // The same condition is active here already (raised by the store this edge replaced): one alert,
                    // carried on from when it started.
                    id = active
                    try db.execute(
                        sql: """
                            UPDATE alert SET state = ?, resolved_at = ?, updated_at = ?, clear_since = ?, value = ?, threshold = ?,
                                message_en = ?, message_zh = ?, details = ?
                            WHERE id = ?
                            """,
                        arguments: [
                            a.state.rawValue, a.resolvedAtMs, a.updatedAtMs, a.clearSinceMs, a.value, a.threshold, a.messageEN, a.messageZH,
                            details, id,
                        ])
                    try keepEdgeID(id)
                } else {
                    try db.execute(
                        sql: """
                            INSERT INTO alert(rule, subject, meter, type, severity, state, started_at, fired_at, resolved_at, updated_at,
                                              clear_since, last_notified_at, value, threshold, unit, message_en, message_zh, details)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """, arguments: values)
                    id = db.lastInsertedRowID
                    try keepEdgeID(id)
                }
                // The edge's acknowledgement, unless the central has one of its own.
                if let by = a.ackedBy, let at = a.ackedAtMs {
                    try db.execute(
                        sql: "UPDATE alert SET acked_by = ?, acked_at = ?, ack_comment = ? WHERE id = ? AND acked_at IS NULL",
                        arguments: [by, at, a.ackComment, id])
                }
                for e in item.events where e.id > lastEvent {
                    try db.execute(
                        sql: "INSERT INTO alert_event(alert, ts, event, value, note) VALUES (?, ?, ?, ?, ?)",
                        arguments: [id, e.atMs, e.event, e.value, e.note])
                    lastEvent = e.id
                    added += 1
                }
                try db.execute(
                    sql: "UPDATE forwarded_alert SET last_event = ? WHERE site = ? AND store = ? AND edge_id = ?",
                    arguments: [lastEvent, site, edge, a.id])
            }
            return added
        }
    }
}
