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

/// `/api/v1/kpis` and `/api/v1/kpis/:id/actuals/:period`: KPIs and their attainment; entering an actual.
extension APIRoutes {
    func registerKPIs(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/kpis", read) { req, ctx in try await scoped(req, ctx).kpis(req, ctx) }
        routes.put("/api/v1/kpis/:id/actuals/:period", .permission(.kpis), audit: .kpiActual) { req, ctx in
            try await scoped(nil, ctx).setActual(req, ctx, ctx.parameters.require("id"), ctx.parameters.require("period"))
        }
    }

    func kpis(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let period = try state.checked(try Self.period(req))
        let lang = try Self.language(req)
        // `by=site`: a deployment of several buildings also gives each building's row of every KPI.
        let byBuilding: Bool
        switch req.query("by") {
        case nil: byBuilding = false
        case "site": byBuilding = true
        case let other?: throw Problem.badRequest("by: expected site, not '\(other)'")
        }
        let state = state
        let results = try await state.heavy(ctx) { state in
            let evaluator = KPIEvaluator(engine: state.engine())
            return try byBuilding ? evaluator.evaluateByBuilding(period: period) : evaluator.evaluate(period: period)
        }
        return try JSON.response(results, language: lang)
    }

    func setActual(_ req: Request, _ ctx: ServerContext, _ id: String, _ periodText: String) async throws -> Response {
        let who = try ctx.requireIdentity().name
        guard state.config.kpis.contains(where: { $0.id == id }) else { throw Problem.notFound("unknown KPI '\(id)'") }
        let period: Period
        do { period = try Period.parse(periodText) } catch { throw Problem.badRequest("period: \(error)") }
        let body = try await JSON.decode(
            ActualBody.self, from: req, limit: 16_384, allowed: ActualBody.keys, timeoutMs: state.config.server.limits.bodyTimeoutMs
        ).validated()
        let actual = KPIActual(kpi: id, period: period.id, actual: body.actual, enteredBy: who, enteredAtMs: state.nowMs, note: body.note)
        let state = state
        let site = state.config.kpis.first { $0.id == id }?.site ?? state.config.deploymentSite
        try await blocking { try state.central.setKPIActual(actual, site: site) }
        return try JSON.response(
            ActualJSON(
                kpi: id, period: period.id, actual: body.actual, enteredBy: who, enteredAt: state.calendar.isoString(actual.enteredAtMs),
                note: body.note))
    }

    enum ReportFormat: String {
        case md, csv, html

        var contentType: String {
            switch self {
            case .md: "text/markdown; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            }
        }
    }
}
