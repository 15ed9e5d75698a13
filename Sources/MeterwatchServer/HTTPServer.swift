import Foundation
import Hummingbird
import Logging
import MeterwatchConfig
import MeterwatchCore
import HTTPTypes
import NIOCore

/// The HTTP side of `meterwatch serve`: API, metrics, health and dashboards on one Hummingbird
/// application (a swift-service-lifecycle `Service`).
///
/// ```swift
/// let app = HTTPServer.application(state: state, host: "127.0.0.1", port: 8080, metrics: metrics, logger: logger)
/// try await ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public enum HTTPServer {
    public static func application(state: ServerState, host: String, port: Int, metrics: MetricsEndpoint, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        // Outermost first: every answer, problem documents included, carries the security headers.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware(logger: logger))
        router.add(middleware: MetricsMiddleware())

        router.get("healthz") { _, _ in try JSON.response(["status": "ok"]) }
        router.get("readyz") { _, _ -> Response in
            do {
                _ = try await blocking { try state.store.allSeries().count }
                return try JSON.response(["status": "ready"])
            } catch {
                return Problem(.serviceUnavailable, "the store cannot be read").response(instance: "/readyz")
            }
        }
        router.get("metrics") { _, _ -> Response in
            let text = try await blocking { try metrics.scrape(state) }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        APIRoutes(state: state).register(on: router)
        PageRoutes(state: state).register(on: router)

        // An idle keep-alive connection is closed (server.idle_timeout, a minute by default): a client
        // that opens connections and never uses them cannot hold the server's sockets forever.
        return Application(router: router, server: .http1(configuration: .init(idleTimeout: .milliseconds(state.config.server.idleTimeoutMs))),
                           configuration: .init(address: .hostname(host, port: port), serverName: "Meterwatch"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}

/// No sniffing, no framing by other sites, no referrer leaks; scripts only from ourselves.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var r = try await next(request, context)
        r.headers[.xContentTypeOptions] = "nosniff"
        r.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        r.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        r.headers[.contentSecurityPolicy] = "default-src 'self'; style-src 'self'; img-src 'self' data:; script-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        return r
    }
}

/// The dashboard pages, the acknowledgement form and the assets.
struct PageRoutes {
    let state: ServerState

    static func language(_ req: Request) -> Language {
        if let l = req.query("lang").flatMap(Language.init(rawValue:)) { return l }
        let accept = req.headers[.acceptLanguage]?.lowercased() ?? ""
        return accept.hasPrefix("zh") ? .zhTW : .en
    }

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func pages(_ req: Request) -> Pages {
        var q: [String: String] = [:]
        for (k, v) in req.uri.queryParameters { q[String(k)] = String(v) }
        return Pages(state: state, lang: Self.language(req), now: state.nowMs, query: q)
    }

    func register(on router: Router<BasicRequestContext>) {
        let state = state
        func page(_ p: DashboardDefinition.Page, _ render: @escaping @Sendable (Pages, DashboardDefinition) throws -> String) {
            router.get(RouterPath(stringLiteral: p == .overview ? "/" : p.rawValue)) { req, _ -> Response in
                let pages = self.pages(req)
                let def = state.dashboards.pages[p]!
                return self.html(try await blocking { try render(pages, def) })
            }
        }
        page(.overview) { try $0.overview($1) }
        page(.compare) { try $0.compare($1) }
        page(.kpis) { try $0.kpis($1) }
        page(.devices) { try $0.devices($1) }
        page(.reports) { try $0.report($1) }
        router.get("alerts") { req, _ -> Response in
            let pages = self.pages(req)
            let status = req.query("acked").map { "\(Strings.t("acked", pages.lang)): #\($0)" }
            return self.html(try await blocking { try pages.alerts(state.dashboards.pages[.alerts]!, status: status) })
        }
        router.post("alerts/:id/ack") { req, ctx -> Response in
            let pages = self.pages(req)
            guard let id = Int64(try ctx.parameters.require("id")) else { throw Problem.badRequest("bad alert id") }
            let form = try await Self.form(req, limit: 16_384)
            let def = state.dashboards.pages[.alerts]!
            guard let token = form["token"], state.tokens.name(forToken: token) != nil else {
                return self.html(try await blocking { try pages.alerts(def, status: Strings.t("bad_token", pages.lang)) }, status: .unauthorized)
            }
            let by = (form["by"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !by.isEmpty, by.count <= 100 else { throw Problem.badRequest("give your name (1…100 characters)") }
            let comment = form["comment"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
            do {
                try await blocking { try state.store.acknowledgeAlert(id: id, by: by, comment: comment, atMs: state.nowMs) }
            } catch {
                return self.html(try await blocking { try pages.alerts(def, status: "\(error)") }, status: .conflict)
            }
            return Response(status: .seeOther, headers: [.location: "/alerts?lang=\(pages.lang.rawValue)&acked=\(id)#alert-\(id)"])
        }
        router.get("assets/:name") { _, ctx -> Response in
            let name = try ctx.parameters.require("name")
            guard let asset = state.dashboards.assets[name] else { throw Problem.notFound("no asset \(name)") }
            return Response(status: .ok, headers: [.contentType: asset.type, .cacheControl: "public, max-age=300"], body: .init(byteBuffer: ByteBuffer(data: asset.data)))
        }
    }

    /// `application/x-www-form-urlencoded` fields.
    static func form(_ req: Request, limit: Int) async throws -> [String: String] {
        guard req.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Problem(.unsupportedMediaType, "expected a form (application/x-www-form-urlencoded)")
        }
        let text = String(buffer: try await req.body.collect(upTo: limit))
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if kv.count == 2 { out[kv[0]] = kv[1] } else if kv.count == 1 { out[kv[0]] = "" }
        }
        return out
    }
}

enum DefaultAssets {
    /// Used only when `Dashboards/assets/style.css` is missing.
    static let css = "body{font-family:system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 12px}svg.chart{width:100%;height:auto}"
}
