import Foundation
import Hummingbird
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchStore
import NIOCore

/// `/api/v1/alerts`, `/api/v1/alerts/:id` and acknowledging one.
extension APIRoutes {
    func registerAlerts(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/alerts", read) { req, ctx in try await scoped(req, ctx).alerts(req) }
        routes.get("/api/v1/alerts/:id", read) { _, ctx in try await scoped(nil, ctx).alert(ctx.parameters.require("id")) }
        routes.post("/api/v1/alerts/:id/ack", .permission(.ack), audit: .acknowledge) { req, ctx in
            try await scoped(nil, ctx).ack(req, ctx, ctx.parameters.require("id"))
        }
    }

    func alerts(_ req: Request) async throws -> Response {
        var stateFilter: AlertState?
        if let s = req.query("state") {
            guard let st = AlertState(rawValue: s) else {
                throw Problem.badRequest("state: expected pending, firing, resolved or cancelled")
            }
            stateFilter = st
        }
        let limit =
            try req.query("limit").map { text -> Int in
                guard let n = Int(text), (1...1000).contains(n) else { throw Problem.badRequest("limit: expected 1…1000") }
                return n
            } ?? 200
        let state = state
        let filter = stateFilter
        return try JSON.response(
            try await blocking { try state.alerts(state: filter, limit: limit).map { AlertJSON($0, calendar: state.calendar) } })
    }

    static func alertID(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw Problem.badRequest("alert ids are positive whole numbers") }
        return id
    }

    func alert(_ idText: String) async throws -> Response {
        let id = try Self.alertID(idText)
        let state = state
        return try JSON.response(
            try await blocking { () -> AlertDetailJSON in
                guard let a = try state.store.alert(id: id) else { throw Problem.notFound("no alert \(id)") }
                let cal = state.calendar
                return AlertDetailJSON(
                    alert: AlertJSON(a, calendar: cal),
                    history: try state.store.alertEvents(alert: id).map {
                        .init(at: cal.isoString($0.atMs), event: $0.event, value: $0.value, note: $0.note)
                    },
                    deliveries: try state.store.deliveries(alert: id).map {
                        .init(
                            id: $0.id, event: $0.event, webhook: $0.webhook, status: $0.status.rawValue, attempts: $0.attempts,
                            httpStatus: $0.httpStatus, lastError: $0.lastError, deliveredAt: $0.deliveredAtMs.map(cal.isoString))
                    })
            })
    }

    func ack(_ req: Request, _ ctx: ServerContext, _ idText: String) async throws -> Response {
        let principal = try ctx.requireIdentity()
        let id = try Self.alertID(idText)
        let body = try await JSON.decode(
            AckBody.self, from: req, limit: 16_384, allowed: AckBody.keys, timeoutMs: state.config.server.limits.bodyTimeoutMs
        ).validated()
        // A person acknowledges under their own name; a program's token may name the person it acts for.
        let by = principal.source == .token ? body.by ?? principal.name : principal.displayName
        let state = state
        return try JSON.response(
            try await blocking { () -> AlertJSON in
                guard let existing = try state.store.alert(id: id),
                    state.config.scope == nil || state.config.meter(id: existing.meter) != nil
                else { throw AlertStoreError.notFound(id) }
                let alert = try state.store.acknowledgeAlert(id: id, by: by, comment: body.comment, atMs: state.nowMs)
                return AlertJSON(alert, calendar: state.calendar)
            })
    }
}
