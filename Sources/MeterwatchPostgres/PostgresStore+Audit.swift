import Foundation
import MeterwatchStore
import PostgresNIO

/// The audit log of a central on PostgreSQL: its own entries and its edges', in the database, so
/// that the deployment has one log (`ServerState.auditLog`, `meterwatch audit list`).
extension PostgresStore: AuditLog {
    public func recordAudit(_ e: AuditEvent) throws {
        let site = e.site ?? ""
        try run(
            "an audit entry",
            """
            INSERT INTO audit_event(site_id, at, actor, role, action, target, detail, address, result)
            VALUES (\(site), \(e.atMs), \(e.actor), \(e.role), \(e.action.rawValue), \(e.target), \(e.detail), \(e.address), \(e.result))
            """)
    }

    public func auditEvents(from: Int64, to: Int64, actor: String?, action: AuditEvent.Action?, site: String?, limit: Int) throws
        -> [AuditEvent]
    {
        let rows = try run(
            "the audit log",
            """
            SELECT id, at, actor, role, action, target, detail, address, result, site_id FROM audit_event
            WHERE at >= \(from) AND at < \(to) AND (\(actor)::text IS NULL OR actor = \(actor))
              AND (\(action?.rawValue)::text IS NULL OR action = \(action?.rawValue)) AND (\(site)::text IS NULL OR site_id = \(site))
            ORDER BY at DESC, id DESC LIMIT \(limit)
            """)
        var out: [AuditEvent] = []
        for row in rows {
            let (id, at, actor, role, action, target, detail, address, result, site) = try row.decode(
                (Int64, Int64, String, String?, String, String?, String?, String?, String, String).self)
            out.append(
                AuditEvent(
                    id: id, atMs: at, actor: actor, role: role, action: AuditEvent.Action(rawValue: action) ?? .signInFailed,
                    target: target,
                    detail: detail, address: address, result: result, site: site.isEmpty ? nil : site))
        }
        return out
    }

    public func addForwardedAudit(_ events: [AuditEvent], site: String, store: String) throws {
        for e in events {
            guard let edgeID = e.id else { continue }
            try run(
                "an edge's audit entry",
                """
                INSERT INTO audit_event(site_id, at, actor, role, action, target, detail, address, result, store, edge_id)
                VALUES (\(site), \(e.atMs), \(e.actor), \(e.role), \(e.action.rawValue), \(e.target), \(e.detail), \(e.address),
                        \(e.result),
                        \(store), \(edgeID))
                ON CONFLICT (site_id, store, edge_id) WHERE edge_id IS NOT NULL DO NOTHING
                """)
        }
    }
}
