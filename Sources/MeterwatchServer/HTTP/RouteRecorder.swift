import Hummingbird
import MeterwatchStore

/// Registers routes on the router, each with its access policy, and records each: the one list of
/// what the server answers and who may ask. GET routes answer HEAD too.
///
/// ```swift
/// let routes = RouteRecorder(router)
/// routes.get("/api/v1/meters", .permission(.read)) { req, ctx in … }
/// routes.post("/api/v1/import/fuel", .permission(.import), audit: .importFuel) { req, ctx in … }
/// routes.table.methods(for: "/api/v1/meters")     // ["GET", "HEAD"]
/// ```
/// Routes of one policy share a route group carrying `PolicyMiddleware` (Hummingbird's idiom):
/// the policy is checked before any handler runs, so no handler checks access itself.
final class RouteRecorder {
    typealias Handler = @Sendable (Request, ServerContext) async throws -> Response
    let router: Router<ServerContext>
    let state: ServerState
    private(set) var routes: [RouteTable.Route] = []
    private var groups: [String: RouterGroup<ServerContext>] = [:]

    init(_ router: Router<ServerContext>, state: ServerState) {
        self.router = router
        self.state = state
    }

    var table: RouteTable { RouteTable(routes: routes) }

    /// `query`: the parameters the route takes; any other is refused (400), so that a cache key
    /// is canonical. nil for the API: its parameters as the OpenAPI document lists them.
    func get(_ path: String, _ policy: AccessPolicy, query: Set<String>? = nil, _ handler: @escaping Handler) {
        add(path, .get, policy, query: query, audit: nil, handler)
        // HEAD: the GET answer's status and headers, without its body.
        add(path, .head, policy, query: query, audit: nil) { request, context in
            var response = try await handler(request, context)
            response.body = ResponseBody()
            return response
        }
    }
    func post(_ path: String, _ policy: AccessPolicy, query: Set<String>? = nil, audit: AuditEvent.Action?, _ handler: @escaping Handler) {
        add(path, .post, policy, query: query, audit: audit, handler)
    }
    func put(_ path: String, _ policy: AccessPolicy, query: Set<String>? = nil, audit: AuditEvent.Action?, _ handler: @escaping Handler) {
        add(path, .put, policy, query: query, audit: audit, handler)
    }
    func delete(_ path: String, _ policy: AccessPolicy, query: Set<String>? = nil, audit: AuditEvent.Action?, _ handler: @escaping Handler)
    {
        add(path, .delete, policy, query: query, audit: audit, handler)
    }

    private func add(
        _ path: String, _ method: HTTPRequest.Method, _ policy: AccessPolicy, query: Set<String>?, audit: AuditEvent.Action?,
        _ handler: @escaping Handler
    ) {
        let normalised = path.hasPrefix("/") ? path : "/" + path
        let allowed = query ?? OpenAPIParameters.query(path: normalised, method: method.rawValue)
        let route = RouteTable.Route(path: normalised, method: method.rawValue, policy: policy, query: allowed, audit: audit)
        let key = "\(policy)|\(method.rawValue)|\(normalised)"
        // One group per route: its middleware knows the route's policy, parameters and audit action.
        let group = router.group().add(middleware: PolicyMiddleware(route: route, state: state))
        groups[key] = group
        group.on(RouterPath(stringLiteral: normalised), method: method, use: handler)
        routes.append(route)
    }
}
