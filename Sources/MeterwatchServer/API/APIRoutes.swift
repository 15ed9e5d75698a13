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

/// `/api/v1`: JSON over HTTP. Each route carries its access policy (`AccessPolicy`), checked by
/// `PolicyMiddleware` before the handler runs. Every error is a problem document (RFC 9457).
struct APIRoutes {
    let state: ServerState

    func register(on routes: RouteRecorder) {
        routes.get("/api/v1/openapi.json", .public) { _, _ in
            let headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        // `site=` narrows most of these to one building of `sites:` (a person bound to a building sees it alone).
        registerSites(on: routes)
        registerForward(on: routes)
        registerMeters(on: routes)
        registerCompare(on: routes)
        registerMoney(on: routes)
        registerSavings(on: routes)
        registerKPIs(on: routes)
        registerAlerts(on: routes)
        registerDevices(on: routes)
        registerImports(on: routes)
        registerReports(on: routes)
        registerAudit(on: routes)
    }

    /// These routes for the building a request names (`site=`) within what its principal may see,
    /// or for the whole deployment.
    func scoped(_ req: Request?, _ ctx: ServerContext) throws -> APIRoutes {
        APIRoutes(state: try state.scoped(req?.query("site"), for: ctx.identity))
    }
}
