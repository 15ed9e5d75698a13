import GRDB
import MeterwatchCore

extension MeterStore: AuditLog {
    static func auditEvent(_ row: Row) -> AuditEvent {
        AuditEvent(
            id: row["id"], atMs: row["at"], actor: row["actor"], role: row["role"],
            action: AuditEvent.Action(rawValue: row["action"]) ?? .signInFailed, target: row["target"], detail: row["detail"],
            address: row["address"], result: row["result"], site: row["site"])
    }

    public func recordAudit(_ e: AuditEvent) throws {
        try pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO audit_event(at, actor, role, action, target, detail, address, result, site) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [e.atMs, e.actor, e.role, e.action.rawValue, e.target, e.detail, e.address, e.result, e.site])
        }
    }

    public func auditEvents(from: Int64, to: Int64, actor: String?, action: AuditEvent.Action?, site: String?, limit: Int) throws
        -> [AuditEvent]
    {
        try pool.read { db in
            var sql = "SELECT * FROM audit_event WHERE at >= ? AND at < ?"
            var arguments: StatementArguments = [from, to]
            if let actor {
                sql += " AND actor = ?"
                arguments += [actor]
            }
            if let action {
                sql += " AND action = ?"
                arguments += [action.rawValue]
            }
            if let site {
                sql += " AND site = ?"
                arguments += [site]
            }
            sql += " ORDER BY at DESC, id DESC LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.auditEvent)
        }
    }

    // MARK: Forwarding

    /// This edge's own entries not yet forwarded, oldest first (what the forwarder sends next).
    public func pendingAuditForwards(limit: Int) throws -> [AuditEvent] {
        try pool.read { db in
            guard try Self.forwarding(db) else { return [] }
            let cursor = Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'forward.audit'") ?? "") ?? 0
            return try Row.fetchAll(
                db, sql: "SELECT * FROM audit_event WHERE id > ? AND edge_id IS NULL ORDER BY id LIMIT ?", arguments: [cursor, limit]
            ).map(Self.auditEvent)
        }
    }

    public func acknowledgeForwardedAudit(through id: Int64) throws {
        try pool.write { db in try Self.setMeta(db, "forward.audit", "\(id)") }
    }

    /// An edge's entries, kept once each under its building (a resend changes nothing).
    public func addForwardedAudit(_ events: [AuditEvent], site: String, store: String) throws {
        try pool.write { db in
            for e in events {
                guard let edgeID = e.id else { continue }
                try db.execute(
                    sql: """
                        INSERT OR IGNORE INTO audit_event(at, actor, role, action, target, detail, address, result, site, store, edge_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [e.atMs, e.actor, e.role, e.action.rawValue, e.target, e.detail, e.address, e.result, site, store, edgeID])
            }
        }
    }
}
