import MeterwatchCore
import MeterwatchStore

/// The Alerts page: active alerts first, then the latest resolved ones, each acknowledgeable.
struct AlertsView: Sendable {
    let layout: LayoutView
    let none: String?
    let headers: [String]
    let rows: [Row]

    /// Shown to a signed-in reader who may acknowledge: their name is the session's.
    struct AckForm: Sendable {
        let action: String
        let csrf: String
        let commentPlaceholder: String
        let button: String
    }

    struct Row: Sendable {
        let id: Int64
        let stateClass: String
        let severityClass: String
        let state: String
        let severity: String
        let rule: String
        let subject: String
        let since: String
        let message: String
        let acked: String?
        let form: AckForm?
    }

    init(_ c: PageContext, _ def: DashboardDefinition, status: String?) throws {
        layout = c.layout(def, status: status)
        let list = try c.state.alerts(state: nil, limit: 200).sorted {
            ($0.state.isActive ? 0 : 1, -$0.id) < ($1.state.isActive ? 0 : 1, -$1.id)
        }
        none = list.isEmpty ? c.t(.noFiringAlerts) : nil
        headers = ["#", c.t(.state), c.t(.severity), c.t(.alert), c.t(.since), c.t(.message), c.t(.acknowledge)]
        rows = list.map { a in
            let since = a.state == .resolved ? a.resolvedAtMs : (a.firedAtMs ?? a.startedAtMs)
            let acked = a.ackedBy.map { "\(c.t(.acknowledged)): \($0)" + (a.ackComment.map { " — \($0)" } ?? "") }
            let form =
                a.state.isActive && a.ackedBy == nil && c.may(.ack) && c.hasSession
                ? AckForm(
                    action: "/alerts/\(a.id)/ack?lang=\(c.lang.rawValue)", csrf: c.csrf, commentPlaceholder: c.t(.comment),
                    button: c.t(.acknowledge))
                : nil
            return Row(
                id: a.id, stateClass: "state-\(a.state.rawValue)", severityClass: "sev-\(a.severity.rawValue)",
                state: c.t(.alertState(a.state)),
                severity: c.t(.alertSeverity(a.severity)), rule: a.rule, subject: a.subject, since: since.map(c.calendar.isoString) ?? "",
                message: c.lang.pick(a.messageEN, a.messageZH), acked: acked, form: form)
        }
    }
}
