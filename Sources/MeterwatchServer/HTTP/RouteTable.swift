import MeterwatchStore

/// Every path the server answers, its methods and who may ask: recorded once, when the routes are
/// registered (`RouteRecorder`). It answers 405 with `Allow`, a test checks it against the OpenAPI
/// document, and another walks it for every role and token scope.
public struct RouteTable: Sendable {
    public struct Route: Sendable, Hashable {
        /// `/api/v1/meters/:id/readings`
        public var path: String
        public var method: String
        public var policy: AccessPolicy
        /// The query parameters it takes (any other is a 400).
        public var query: Set<String>
        /// What the audit log records a call as (writes).
        public var audit: AuditEvent.Action?
        var parts: [String] { path.split(separator: "/").map(String.init) }
    }

    public let routes: [Route]

    /// The methods a concrete path allows (HEAD wherever GET is), or nil when no route matches it.
    public func methods(for path: String) -> [String]? {
        let parts = path.split(separator: "/").map(String.init)
        var found: [String] = []
        for r in routes where r.parts.count == parts.count && zip(r.parts, parts).allSatisfy({ $0.hasPrefix(":") || $0 == $1 }) {
            if !found.contains(r.method) { found.append(r.method) }
        }
        return found.isEmpty ? nil : found
    }

    /// The API's paths in OpenAPI's notation (`/api/v1/meters/{id}/readings`) with their methods.
    public var openAPIPaths: [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for r in routes where r.path.hasPrefix("/api/v1/") && r.method != "HEAD" {
            out[Self.openAPIPath(r.path), default: []].insert(r.method.lowercased())
        }
        return out
    }

    static func openAPIPath(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}
