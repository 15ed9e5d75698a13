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

/// `/api/v1/compare`: a period against its baseline, by month on request, in NT$ with `money=true`.
extension APIRoutes {
    func registerCompare(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/compare", read) { req, ctx in try await scoped(req, ctx).compare(req, ctx) }
    }

    func compare(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let selection = try Self.selection(req)
        let period = try state.checked(try Self.period(req))
        let against = try Self.baseline(req)
        let lang = try Self.language(req)
        if let by = req.query("by"), by != "month" {
            throw Problem.badRequest("by: only 'month' is supported")
        }
        let byMonth = req.query("by") == "month"
        let money =
            try req.query("money").map { text in
                guard let flag = Bool(text) else { throw Problem.badRequest("money: true or false") }
                return flag
            } ?? false
        let state = state
        // Cached until the next write, or the next quarter hour (a comparison to date moves then).
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return try await state.cached(ResponseCache.key(req), bucketMs: LocalCalendar.quarterMs, headers: headers, context: ctx) { state in
            let engine = state.engine()
            let resolved = try engine.resolve(selection)
            let comparison = try engine.compare(resolved, period: period, against: against)
            let months = byMonth ? try engine.monthly(resolved, period: period, against: against) : nil
            let cost =
                money
                ? try EnergyCost.of(
                    comparison, selection: resolved, config: state.config, store: engine.store,
                    setup: try state.billingSetup())
                : nil
            return [UInt8](try JSON.encode(CompareJSON(comparison: comparison, months: months, money: cost), language: lang))
        }
    }
}
