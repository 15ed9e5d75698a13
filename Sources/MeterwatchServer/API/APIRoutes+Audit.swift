import Foundation
import Hummingbird
import MeterwatchCore
import MeterwatchStore

/// `GET /api/v1/audit` (admin): the audit log, newest first, as JSON or CSV.
extension APIRoutes {
    func registerAudit(on routes: RouteRecorder) {
        routes.get("/api/v1/audit", .permission(.admin)) { req, ctx in try await scoped(nil, ctx).audit(req) }
    }

    /// The log's entries over `[from, to)` (default: the last 30 days), by actor or action.
    static func auditQuery(_ req: Request, state: ServerState) throws -> (
        from: Int64, to: Int64, actor: String?, action: AuditEvent.Action?
    ) {
        let parser = TimeParser(calendar: state.calendar)
        let to =
            try req.query("to").map { text in
                do { return try parser.parseInstant(text) } catch { throw Problem.badRequest("to: \(error)") }
            } ?? state.nowMs + 1
        let from =
            try req.query("from").map { text in
                do { return try parser.parseInstant(text) } catch { throw Problem.badRequest("from: \(error)") }
            } ?? to - 30 * msPerDay
        guard from < to else { throw Problem.badRequest("to must be after from") }
        try state.checkRange(from: from, to: to)
        var action: AuditEvent.Action?
        if let text = req.query("action") {
            guard let a = AuditEvent.Action(rawValue: text) else {
                throw Problem.badRequest("action: one of \(AuditEvent.Action.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            action = a
        }
        return (from, to, req.query("actor"), action)
    }

    func audit(_ req: Request) async throws -> Response {
        let q = try Self.auditQuery(req, state: state)
        let csv: Bool
        switch req.query("format") {
        case nil, "json": csv = false
        case "csv": csv = true
        default: throw Problem.badRequest("format: expected json or csv")
        }
        let state = state
        let events = try await blocking {
            try state.auditLog.auditEvents(
                from: q.from, to: q.to, actor: q.actor, action: q.action, site: state.config.scope?.id, limit: 10_000)
        }
        if csv {
            let headers: HTTPFields = [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"meterwatch-audit.csv\"",
            ]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: Self.auditCSV(events, state.calendar))))
        }
        return try JSON.response(events.map { AuditJSON($0, calendar: state.calendar) })
    }

    /// UTF-8 with a BOM (Excel on Windows opens it), CRLF lines, every field quoted where it must be.
    static func auditCSV(_ events: [AuditEvent], _ calendar: LocalCalendar) -> String {
        func field(_ s: String?) -> String {
            let text = s ?? ""
            // A leading = + - @ would be a formula in a spreadsheet: prefixed with a quote.
            let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
            return safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : safe
        }
        var lines = ["time,actor,role,action,target,detail,address,result,site"]
        for e in events {
            lines.append(
                [calendar.isoString(e.atMs), e.actor, e.role, e.action.rawValue, e.target, e.detail, e.address, e.result, e.site]
                    .map(field).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
