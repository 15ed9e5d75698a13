import MeterwatchCore
import MeterwatchStore

/// One entry of `GET /api/v1/audit`.
struct AuditJSON: Codable {
    var id: Int64?
    var at: String
    var actor: String
    var role: String?
    var action: String
    var target: String?
    var detail: String?
    var address: String?
    var result: String
    var site: String?

    init(_ e: AuditEvent, calendar: LocalCalendar) {
        id = e.id
        at = calendar.isoString(e.atMs)
        actor = e.actor
        role = e.role
        action = e.action.rawValue
        target = e.target
        detail = e.detail
        address = e.address
        result = e.result
        site = e.site
    }
}
