import Hummingbird

/// Registers routes on the router and records each: the one list of what the server answers.
/// GET routes answer HEAD too.
///
/// ```swift
/// let routes = RouteRecorder(router)
/// routes.get("/api/v1/meters") { req, ctx in … }
/// routes.table.methods(for: "/api/v1/meters")     // ["GET", "HEAD"]
/// ```
final class RouteRecorder {
    typealias Handler = @Sendable (Request, BasicRequestContext) async throws -> Response
    let router: Router<BasicRequestContext>
    private(set) var routes: [RouteTable.Route] = []

    init(_ router: Router<BasicRequestContext>) { self.router = router }

    var table: RouteTable { RouteTable(routes: routes) }

    func get(_ path: String, _ handler: @escaping Handler) {
        add(path, .get, handler)
        // HEAD: the GET answer's status and headers, without its body.
        add(path, .head) { request, context in
            var response = try await handler(request, context)
            response.body = ResponseBody()
            return response
        }
    }
    func post(_ path: String, _ handler: @escaping Handler) { add(path, .post, handler) }
    func put(_ path: String, _ handler: @escaping Handler) { add(path, .put, handler) }
    func delete(_ path: String, _ handler: @escaping Handler) { add(path, .delete, handler) }

    private func add(_ path: String, _ method: HTTPRequest.Method, _ handler: @escaping Handler) {
        router.on(RouterPath(stringLiteral: path), method: method, use: handler)
        routes.append(RouteTable.Route(path: path.hasPrefix("/") ? path : "/" + path, method: method.rawValue))
    }
}
