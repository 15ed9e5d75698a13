import Foundation
import Hummingbird
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore
import NIOCore

/// The dashboard pages, the acknowledgement form and the assets. Each page is its figures (the
/// engine), a view model of translated strings (`Dashboards/Views`) and a template
/// (`Dashboards/templates`). Pages render as heavy answers: within the render gate, stopped at the
/// deadline or when the reader leaves.
struct PageRoutes {
    let state: ServerState

    /// The query parameters a dashboard page takes.
    static let pageQuery: Set<String> = ["lang", "site", "period", "against", "complete_months", "acked"]

    /// The reader's language: `?lang=` first, then the browser's `Accept-Language`.
    static func language(_ req: Request) -> Language {
        if let chosen = req.query("lang").flatMap(Language.init(rawValue:)) {
            return chosen
        }
        let accept = req.headers[.acceptLanguage]?.lowercased() ?? ""
        return accept.hasPrefix("zh") ? .zhTW : .en
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        let headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The page's context, narrowed to the building of `?site=` within what the reader may see (404
    /// for an unknown one); a period past `server.limits.span` is a 400.
    static func context(_ req: Request, _ ctx: ServerContext, state: ServerState) throws -> PageContext {
        var query: [String: String] = [:]
        for (key, value) in req.uri.queryParameters {
            query[String(key)] = String(value)
        }
        if let text = query["period"], let period = try? Period.parse(text) { _ = try state.checked(period) }
        var c = PageContext(
            state: try state.scoped(query["site"], for: ctx.identity), lang: Self.language(req), now: state.nowMs, query: query)
        c.principal = ctx.identity
        return c
    }

    func register(on routes: RouteRecorder) {
        let state = state
        let set = state.dashboards
        let read = AccessPolicy.permission(.read)
        // The overview is rendered once per write (the collector writes every second or so) and
        // ten seconds, however many screens show it; the header names who reads it, so the key does.
        routes.get(DashboardDefinition.Page.overview.path, read, query: Self.pageQuery) { req, ctx -> Response in
            let c = try Self.context(req, ctx, state: state)
            let def = state.dashboards.definition(.overview)
            let headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
            let reader = ctx.identity.map { "\($0.name)|\($0.csrf ?? "")" } ?? ""
            return try await state.cached(
                ResponseCache.key(req, extra: c.lang.rawValue + "|" + reader), bucketMs: 10_000, headers: headers, context: ctx
            ) {
                budgeted in
                var c = c
                c.state = budgeted.narrowed(like: c.state)
                return Array(try set.render(OverviewView(c, def), template: "overview").utf8)
            }
        }
        page(.portfolio, on: routes) { c, def in try set.render(PortfolioView(c, def), template: "portfolio") }
        page(.compare, on: routes) { c, def in try set.render(CompareView(c, def), template: "compare") }
        page(.kpis, on: routes) { c, def in try set.render(KPIsView(c, def), template: "kpis") }
        page(.devices, on: routes) { c, def in try set.render(DevicesView(c, def), template: "devices") }
        page(.reports, on: routes) { c, def in try set.render(ReportsView(c, def, style: set.reportStyle), template: "reports") }
        page(.money, on: routes, query: ["lang", "site", "meter", "month"]) { c, def in try set.render(MoneyView(c, def), template: "money")
        }
        page(.alerts, on: routes) { c, def in
            let status = c.query["acked"].map { "\(c.t(.acknowledged)): #\($0)" }
            return try set.render(AlertsView(c, def, status: status), template: "alerts")
        }
        routes.post("/alerts/:id/ack", .permission(.ack), query: ["lang", "site"], audit: .acknowledge) { req, ctx in
            try await self.acknowledge(req, ctx)
        }
        routes.get("/assets/:name", .public, query: []) { _, ctx -> Response in
            let name = try ctx.parameters.require("name")
            guard let asset = set.assets[name] else {
                throw Problem.notFound("no asset \(name)")
            }
            let headers: HTTPFields = [.contentType: asset.type, .cacheControl: "public, max-age=300"]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: asset.data)))
        }
    }

    private func page(
        _ page: DashboardDefinition.Page, on routes: RouteRecorder, query: Set<String> = PageRoutes.pageQuery,
        _ render: @escaping @Sendable (PageContext, DashboardDefinition) throws -> String
    ) {
        let state = state
        routes.get(page.path, .permission(page.permission), query: query) { req, ctx -> Response in
            let c = try Self.context(req, ctx, state: state)
            let def = state.dashboards.definition(page)
            return Self.html(
                try await state.heavy(ctx) { budgeted in
                    var c = c
                    c.state = budgeted.narrowed(like: c.state)
                    return try render(c, def)
                })
        }
    }

    /// The acknowledgement form of the Alerts page: the name is the signed-in person's, a comment
    /// optional; the CSRF token was checked by the route's policy.
    private func acknowledge(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let state = state
        let c = try Self.context(req, ctx, state: state)
        let principal = try ctx.requireIdentity()
        guard let id = Int64(try ctx.parameters.require("id")), id > 0 else {
            throw Problem.badRequest("alert ids are positive whole numbers")
        }
        let form = try await FormBody.fields(of: req, limit: 16_384, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        let def = state.dashboards.definition(.alerts)
        func answer(_ status: String, _ code: HTTPResponse.Status) async throws -> Response {
            Self.html(
                try await blocking { try state.dashboards.render(AlertsView(c, def, status: status), template: "alerts") }, status: code)
        }
        let comment = form["comment"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
        let scoped = c.state
        do {
            _ = try await blocking { () -> StoredAlert in
                // A person bound to a building acknowledges that building's alerts alone.
                guard let a = try scoped.store.alert(id: id), scoped.config.scope == nil || scoped.config.meter(id: a.meter) != nil else {
                    throw AlertStoreError.notFound(id)
                }
                return try scoped.store.acknowledgeAlert(id: id, by: principal.displayName, comment: comment, atMs: scoped.nowMs)
            }
        } catch AlertStoreError.notFound(let id) {
            return try await answer(c.t(.noSuchAlert(id: id)), .notFound)
        } catch AlertStoreError.notActive(let id, let alertState) {
            return try await answer(c.t(.alertNotActive(id: id, state: alertState)), .conflict)
        }
        var response = Response(status: .seeOther, headers: [.location: "/alerts?lang=\(c.lang.rawValue)&acked=\(id)#alert-\(id)"])
        response.headers[AuditNote.header] = "alert \(id)" + (comment.map { ": \(String($0.prefix(200)))" } ?? "")
        return response
    }
}

extension ServerState {
    /// This (budgeted) state narrowed to the building `other` is narrowed to.
    func narrowed(like other: ServerState) -> ServerState {
        guard let scope = other.config.scope, let narrowed = scoped(to: scope.id) else { return self }
        return narrowed
    }
}
