import Foundation
import Hummingbird
import Logging
import MeterwatchConfig
import MeterwatchCore
import NIOCore

/// The HTTP side of `meterwatch serve`: API, metrics, health and dashboards on one Hummingbird
/// application (a swift-service-lifecycle `Service`).
///
/// ```swift
/// let app = HTTPServer.application(state: state, host: "127.0.0.1", port: 8080, logger: logger)
/// try await ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
public enum HTTPServer {
    public static func application(
        state: ServerState, host: String, port: Int, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = makeRouter(state: state, logger: logger).router
        // An idle keep-alive connection is closed (server.idle_timeout, a minute by default): a client
        // that opens connections and never uses them cannot hold the server's sockets forever.
        let idle = TimeAmount.milliseconds(state.config.server.idleTimeoutMs)
        return Application(
            router: router, server: .http1(configuration: .init(idleTimeout: idle)),
            configuration: .init(address: .hostname(host, port: port), serverName: "Meterwatch"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }

    /// Every route, registered once through a `RouteRecorder`; the table it records answers 405s
    /// and is checked against the OpenAPI document.
    package static func makeRouter(
        state: ServerState, logger: Logger
    ) -> (router: Router<BasicRequestContext>, routes: RouteTable) {
        let router = Router(context: BasicRequestContext.self)
        let box = RouteTableBox()
        // Outermost first: every answer is counted with the status the client got, and carries the
        // security headers, problem documents included.
        router.add(middleware: RequestMetricsMiddleware(metrics: state.metrics))
        router.add(middleware: SecurityHeadersMiddleware(reportStyleHash: state.dashboards.reportStyleHash))
        router.add(middleware: ProblemMiddleware(logger: logger, routes: box))
        let routes = RouteRecorder(router)
        HealthRoutes(state: state, metrics: state.metrics).register(on: routes)
        APIRoutes(state: state).register(on: routes)
        PageRoutes(state: state).register(on: routes)
        box.set(routes.table)
        return (router, routes.table)
    }
}
