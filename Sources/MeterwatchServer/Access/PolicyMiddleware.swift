import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import MeterwatchConfig
import MeterwatchStore
import NIOSSL

/// A route's gate, on the route group `RouteRecorder` makes for it: the query parameters it takes,
/// who may call it, the CSRF token of a session's form, and, for a write, the audit entry of the
/// result. Nothing past it runs for a refused request, and no handler checks access itself.
struct PolicyMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let route: RouteTable.Route
    let state: ServerState

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
        -> Response
    {
        // Unknown parameters are refused before anything else: a cache key is then canonical, and a
        // typo is said rather than ignored.
        for (name, _) in request.uri.queryParameters where !route.query.contains(String(name)) {
            let known = route.query.sorted().joined(separator: ", ")
            throw Problem.badRequest("unknown parameter '\(name)' (this path takes: \(known.isEmpty ? "none" : known))")
        }
        try await authorize(request, context)
        var request = request
        if case .session = context.identity?.source, ![.get, .head].contains(request.method) {
            request = try await CSRF.check(request, context: context, state: state)
        }
        guard let action = route.audit else { return try await next(request, context) }
        // Writes are recorded with their result, whatever it is.
        do {
            let response = try await next(request, context)
            let detail = response.headers[AuditNote.header]
            let chosen = response.headers[AuditNote.actionHeader].flatMap(AuditEvent.Action.init(rawValue:)) ?? action
            var clean = response
            clean.headers[AuditNote.header] = nil
            clean.headers[AuditNote.actionHeader] = nil
            await state.audit(chosen, context, target: Self.target(request), detail: detail, result: Self.result(response.status))
            return clean
        } catch {
            let status: HTTPResponse.Status =
                ErrorMapping.problem(error, method: request.method).map { .init(code: $0.status) } ?? .internalServerError
            await state.audit(action, context, target: Self.target(request), detail: nil, result: Self.result(status))
            throw error
        }
    }

    /// 401 without an identity (a page sends the browser to sign in), 403 without the permission.
    func authorize(_ request: Request, _ context: ServerContext) async throws {
        let identity = context.identity
        let allowed: Bool
        switch route.policy {
        case .public: return
        case .signedIn: allowed = identity.map { !$0.isAnonymous } ?? false
        case .metrics:
            if ServerConfig.isLoopback(state.config.server.host) { return }
            allowed = identity?.permissions.contains(.metrics) ?? false
        case .permission(let p): allowed = identity?.permissions.contains(p) ?? false
        case .forward:
            let site = request.uri.path.split(separator: "/").dropFirst(3).first.map(String.init) ?? ""
            allowed = identity?.permissions.contains(.forward(site: site)) ?? false
            if let identity, !allowed, !identity.isAnonymous {
                if identity.permissions.contains(where: { if case .forward = $0 { true } else { false } }) {
                    throw Problem(.forbidden, "this token forwards for site '\(identity.site ?? "?")', not '\(site)'")
                }
                throw Problem(.forbidden, "forwarding needs a token bound to the site (server.tokens[].site: \(site))")
            }
        }
        if allowed, case .forward = route.policy, state.config.server.tls?.clientCA != nil {
            // Mutual TLS: the edge's certificate, verified against tls.client_ca during the handshake.
            let shown = try? await context.channel?.nioSSL_peerCertificate().get()
            guard shown != nil else {
                throw Problem(.forbidden, "this central asks edges for a client certificate of its CA (forward.client_cert)")
            }
        }
        if allowed { return }
        guard let identity, !identity.isAnonymous else {
            if !route.path.hasPrefix("/api/") && request.method == .get {
                throw SignInRequired(next: request.uri.description)
            }
            throw Problem(.unauthorized, "sign in, or send Authorization: Bearer <token> (this needs \(route.policy))")
        }
        throw Problem(
            .forbidden,
            "\(identity.name) may not do this (it needs \(route.policy); \(identity.roleText) has "
                + "\(identity.permissions.map(\.description).sorted().joined(separator: ", ")))"
        )
    }

    static func target(_ request: Request) -> String {
        // The path, and the query without values that could be long; never a body or a header.
        let names = request.uri.queryParameters.map { String($0.key) }.sorted()
        return request.uri.path + (names.isEmpty ? "" : "?" + names.joined(separator: "&"))
    }

    static func result(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 200..<400: "ok"
        case 401, 403: "denied"
        default: "failed: HTTP \(status.code)"
        }
    }
}

/// A page asked for by someone not signed in: the browser goes to the sign-in page, and back after.
struct SignInRequired: Error {
    var next: String
}

/// What a handler adds to its write's audit entry (the file, the rows stored), in a response header
/// `PolicyMiddleware` removes before the answer leaves.
enum AuditNote {
    static let header = HTTPField.Name("X-Meterwatch-Audit")!
    /// A handler whose route does several things (an upload's commit) names which it did.
    static let actionHeader = HTTPField.Name("X-Meterwatch-Audit-Action")!
}
