import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import MeterwatchConfig
import MeterwatchCore
import NIOCore

/// The HTTP side of `meterwatch serve`: API, metrics, health, sign-in and pages on one Hummingbird
/// application (a swift-service-lifecycle `Service`), over HTTPS when `server.tls` is set.
///
/// ```swift
/// let app = try HTTPServer.application(state: state, host: "127.0.0.1", port: 8080, logger: logger)
/// try await ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public enum HTTPServer {
    public static func application(
        state: ServerState, host: String, port: Int, logger: Logger, tls: TLSCertificates? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let router = makeRouter(state: state, logger: logger, tls: tls != nil).router
        // An idle keep-alive connection is closed (server.idle_timeout, a minute by default): a client
        // that opens connections and never uses them cannot hold the server's sockets forever; past
        // server.max_connections a new one is closed at once.
        let idle = TimeAmount.milliseconds(state.config.server.idleTimeoutMs)
        let counter = state.connections
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionLimitHandler(counter: counter)], idleTimeout: idle)
        let server: HTTPServerBuilder =
            if let tls {
                try .tls(.http1(configuration: http), configuration: TLSChannelConfiguration(tlsConfiguration: tls.serverConfiguration()))
            } else {
                .http1(configuration: http)
            }
        return Application(
            router: router, server: server, configuration: .init(address: .hostname(host, port: port), serverName: "Meterwatch"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// A plain listener that answers every request with a permanent redirect to the HTTPS one
    /// (`server.redirect_http`), and nothing else: no page, no API, no cookie over plain HTTP.
    public static func redirectApplication(host: String, port: Int, httpsPort: Int, logger: Logger) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: RedirectToHTTPSMiddleware(httpsPort: httpsPort))
        return Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Meterwatch"), logger: logger)
    }

    /// Every route, registered once through a `RouteRecorder` with its access policy; the table it
    /// records answers 405s and is checked against the OpenAPI document and the policy test.
    package static func makeRouter(
        state: ServerState, logger: Logger, tls: Bool = false
    ) -> (router: Router<ServerContext>, routes: RouteTable) {
        let router = Router(context: ServerContext.self)
        let box = RouteTableBox()
        // Outermost first: every answer is counted with the status the client got, and carries the
        // security headers, problem documents included; then who is asking (from the headers alone).
        router.add(middleware: RequestMetricsMiddleware(metrics: state.metrics))
        let providerOrigin = state.config.auth.oidc.flatMap { o in
            URLComponents(url: o.issuer, resolvingAgainstBaseURL: false).flatMap { c in
                c.scheme.map { "\($0)://\(c.host ?? "")" + (c.port.map { ":\($0)" } ?? "") }
            }
        }
        router.add(
            middleware: SecurityHeadersMiddleware(
                reportStyleHash: state.dashboards.reportStyleHash, hsts: tls, formOrigins: providerOrigin.map { [$0] } ?? []))
        router.add(middleware: ProblemMiddleware(logger: logger, routes: box))
        router.add(middleware: ClientAddressMiddleware())
        router.add(middleware: AccessMiddleware(state: state, logger: logger))
        let routes = RouteRecorder(router, state: state)
        HealthRoutes(state: state, metrics: state.metrics).register(on: routes)
        APIRoutes(state: state).register(on: routes)
        AuthRoutes(state: state, logger: logger).register(on: routes)
        PageRoutes(state: state).register(on: routes)
        WorkRoutes(state: state).register(on: routes)
        OpenDataRoutes(state: state).register(on: routes)
        box.set(routes.table)
        return (router, routes.table)
    }
}

/// Everything to `https://` the same host on the HTTPS port, the path and query kept (308).
struct RedirectToHTTPSMiddleware<Context: RequestContext>: RouterMiddleware {
    let httpsPort: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let authority = request.head.authority ?? "localhost"
        var host = authority
        if let close = authority.lastIndex(of: "]") {
            host = String(authority[...close])
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
        }
        let port = httpsPort == 443 ? "" : ":\(httpsPort)"
        return Response(status: .permanentRedirect, headers: [.location: "https://\(host)\(port)\(request.uri.description)"])
    }
}
