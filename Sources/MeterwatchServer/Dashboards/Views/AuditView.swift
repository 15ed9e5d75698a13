import MeterwatchCore
import MeterwatchStore

/// The audit log (administrators): who did what, when, from where, and the result; the signed-in
/// sessions, each revocable; a CSV export.
struct AuditView: Sendable {
    let layout: LayoutView
    let headers: [String]
    let rows: [Row]
    let csvHref: String
    let csvLabel: String
    let sessionsTitle: String
    let sessions: [Session]
    let revokeLabel: String
    let csrf: String
    let revokeAction: String
    let status: String?

    struct Row: Sendable {
        let time: String
        let actor: String
        let role: String
        let action: String
        let target: String
        let detail: String
        let address: String
        let result: String
        let resultClass: String
    }

    struct Session: Sendable {
        let hash: String
        let user: String
        let role: String
        let site: String
        let since: String
        let lastSeen: String
        let address: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition, events: [AuditEvent], sessions: [StoredSession]) {
        layout = c.layout(def)
        headers = [c.t(.time), c.t(.actor), c.t(.role), c.t(.action), c.t(.auditTarget), c.t(.detail), c.t(.address), c.t(.result)]
        rows = events.map { e in
            Row(
                time: c.calendar.isoString(e.atMs), actor: e.actor, role: e.role ?? "", action: e.action.rawValue, target: e.target ?? "",
                detail: e.detail ?? "", address: e.address ?? "", result: e.result,
                resultClass: e.result == "ok" ? "ok" : (e.result == "denied" ? "denied" : "failed"))
        }
        csvHref = "/api/v1/audit?format=csv"
        csvLabel = "\(c.t(.download)) CSV"
        sessionsTitle = c.t(.sessions)
        self.sessions = sessions.map { s in
            Session(
                hash: s.idHash, user: s.displayName ?? s.user, role: s.role, site: s.site ?? "", since: c.calendar.isoString(s.createdAtMs),
                lastSeen: c.calendar.isoString(s.lastSeenAtMs), address: s.address ?? "")
        }
        revokeLabel = c.t(.revoke)
        csrf = c.csrf
        revokeAction = "/sessions/revoke?lang=\(c.lang.rawValue)"
        status = c.query["revoked"].map { c.t(.sessionRevoked(user: $0)) }
    }
}
