import Hummingbird
import NIOCore

/// `/healthz` (the process answers), `/readyz` (the store can be read and the blocking pool has a
/// free thread) and `/metrics` (open on a loopback bind, else the `metrics` permission).
struct HealthRoutes {
    let state: ServerState
    let metrics: MetricsEndpoint

    func register(on routes: RouteRecorder) {
        let state = state
        let metrics = metrics
        routes.get("/healthz", .public, query: []) { _, _ in try JSON.response(["status": "ok"]) }
        routes.get("/readyz", .public, query: []) { _, _ -> Response in
            if BlockingLoad.saturated {
                var r = Problem(.serviceUnavailable, "every blocking thread is busy (\(BlockingLoad.threads))").response(
                    instance: "/readyz")
                r.headers[.retryAfter] = "2"
                return r
            }
            do {
                _ = try await blocking { try state.generation() }
                return try JSON.response(["status": "ready"])
            } catch {
                return Problem(.serviceUnavailable, "the store cannot be read").response(instance: "/readyz")
            }
        }
        routes.get("/metrics", .metrics, query: []) { request, _ -> Response in
            // Prometheus asks for OpenMetrics first; curl and older scrapers get text 0.0.4.
            let openMetrics = request.headers[.accept]?.contains("application/openmetrics-text") == true
            let text = try await blocking { try metrics.scrape(state, openMetrics: openMetrics) }
            let type = openMetrics ? OpenMetricsText.contentType : "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
