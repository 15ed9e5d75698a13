import Foundation
import Hummingbird
import MeterwatchCore
import MeterwatchStore
import NIOCore

/// The dashboard pages, the acknowledgement form and the assets. Each page is its figures (the
/// engine), a view model of translated strings (`Dashboards/Views`) and a template
/// (`Dashboards/templates`).
struct PageRoutes {
    let state: ServerState

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

    /// The page's context, narrowed to the building of `?site=` (404 for an unknown one).
    func context(_ req: Request) throws -> PageContext {
        var query: [String: String] = [:]
        for (key, value) in req.uri.queryParameters {
            query[String(key)] = String(value)
        }
        return PageContext(state: try state.scoped(query["site"]), lang: Self.language(req), now: state.nowMs, query: query)
    }

    func register(on routes: RouteRecorder) {
        let state = state
        let set = state.dashboards
        // The overview is rendered once per write (the collector writes every second or so) and
        // ten seconds, however many screens show it.
        routes.get(DashboardDefinition.Page.overview.path) { req, _ -> Response in
            let c = try self.context(req)
            let def = state.dashboards.definition(.overview)
            let headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
            return try await state.cached(ResponseCache.key(req, extra: c.lang.rawValue), bucketMs: 10_000, headers: headers) {
                Array(try set.render(OverviewView(c, def), template: "overview").utf8)
            }
        }
        page(.portfolio, on: routes) { c, def in try set.render(PortfolioView(c, def), template: "portfolio") }
        page(.compare, on: routes) { c, def in try set.render(CompareView(c, def), template: "compare") }
        page(.kpis, on: routes) { c, def in try set.render(KPIsView(c, def), template: "kpis") }
        page(.devices, on: routes) { c, def in try set.render(DevicesView(c, def), template: "devices") }
        page(.reports, on: routes) { c, def in try set.render(ReportsView(c, def, style: set.reportStyle), template: "reports") }
        page(.alerts, on: routes) { c, def in
            let status = c.query["acked"].map { "\(c.t(.acknowledged)): #\($0)" }
            return try set.render(AlertsView(c, def, status: status), template: "alerts")
        }
        routes.post("/alerts/:id/ack") { req, ctx in try await self.acknowledge(req, ctx) }
        routes.get("/assets/:name") { _, ctx -> Response in
            let name = try ctx.parameters.require("name")
            guard let asset = set.assets[name] else {
                throw Problem.notFound("no asset \(name)")
            }
            let headers: HTTPFields = [.contentType: asset.type, .cacheControl: "public, max-age=300"]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: asset.data)))
        }
    }

    private func page(
        _ page: DashboardDefinition.Page, on routes: RouteRecorder,
        _ render: @escaping @Sendable (PageContext, DashboardDefinition) throws -> String
    ) {
        let state = state
        routes.get(page.path) { req, _ -> Response in
            let c = try self.context(req)
            let def = state.dashboards.definition(page)
            return Self.html(try await blocking { try render(c, def) })
        }
    }

    /// The acknowledgement form of the Alerts page: a token, a name and an optional comment.
    private func acknowledge(_ req: Request, _ ctx: BasicRequestContext) async throws -> Response {
        let state = state
        let c = try context(req)
        guard let id = Int64(try ctx.parameters.require("id")), id > 0 else {
            throw Problem.badRequest("alert ids are positive whole numbers")
        }
        let form = try await FormBody.fields(of: req, limit: 16_384)
        let def = state.dashboards.definition(.alerts)
        func answer(_ status: String, _ code: HTTPResponse.Status) async throws -> Response {
            Self.html(
                try await blocking { try state.dashboards.render(AlertsView(c, def, status: status), template: "alerts") }, status: code)
        }
        guard let token = form["token"], state.tokens.name(forToken: token) != nil else {
            return try await answer(c.t(.badToken), .unauthorized)
        }
        let by = (form["by"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !by.isEmpty, by.count <= 100 else {
            return try await answer(c.t(.giveYourName), .badRequest)
        }
        let comment = form["comment"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
        do {
            _ = try await blocking { try state.store.acknowledgeAlert(id: id, by: by, comment: comment, atMs: state.nowMs) }
        } catch AlertStoreError.notFound(let id) {
            return try await answer(c.t(.noSuchAlert(id: id)), .notFound)
        } catch AlertStoreError.notActive(let id, let alertState) {
            return try await answer(c.t(.alertNotActive(id: id, state: alertState)), .conflict)
        }
        return Response(status: .seeOther, headers: [.location: "/alerts?lang=\(c.lang.rawValue)&acked=\(id)#alert-\(id)"])
    }
}
