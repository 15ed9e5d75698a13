/// Where the audit log is kept: the SQLite store, or the central's PostgreSQL database when it has
/// one (an edge's entries are forwarded there like its alerts).
public protocol AuditLog: Sendable {
    func recordAudit(_ event: AuditEvent) throws
    /// Entries in `[from, to)`, newest first, at most `limit`, narrowed to an actor, an action or a building.
    func auditEvents(from: Int64, to: Int64, actor: String?, action: AuditEvent.Action?, site: String?, limit: Int) throws -> [AuditEvent]
    /// An edge's entries, kept once each under its building (a resend changes nothing).
    func addForwardedAudit(_ events: [AuditEvent], site: String, store: String) throws
}
