import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Finds who a request comes from, from its headers alone (the body is read only after this and
/// the route's policy): a bearer token, else the session cookie, else, in `auth.mode: open`, the
/// anonymous reader. A wrong or expired token is a 401, counted per client; past
/// `auth.failed_logins` a minute the client gets 429 before anything is checked.
struct AccessMiddleware: AuthenticatorMiddleware {
    typealias Context = ServerContext
    typealias Identity = Principal
    let state: ServerState
    let logger: Logger

    func authenticate(request: Request, context: ServerContext) async throws -> Principal? {
        let now = state.nowMs
        let address = context.clientAddress
        if let header = request.headers[.authorization] {
            if let wait = state.failures.retryAfter(address, nowMs: now) { throw TooManyAttempts(retryAfterSeconds: wait) }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Problem(.unauthorized, "expected Authorization: Bearer <token>")
            }
            switch state.tokens.lookup(token: String(parts[1]).trimmingCharacters(in: .whitespaces), nowMs: now) {
            case .found(let principal):
                return principal
            case .expired(let name):
                await refused(context, actor: name, reason: "expired")
                throw Problem(.unauthorized, "the token \(name) has expired")
            case .unknown:
                await refused(context, actor: "anonymous", reason: "unknown token")
                throw Problem(.unauthorized, "the token is not valid")
            }
        }
        if let cookie = SessionCookie.value(request), let principal = try await session(cookie, now: now) {
            return principal
        }
        if state.config.auth.mode == .open { return .anonymous(metrics: ServerConfig.isLoopback(state.config.server.host)) }
        return nil
    }

    /// A refused token: counted, logged (never the token) and audited.
    func refused(_ context: ServerContext, actor: String, reason: String) async {
        let count = state.failures.record(context.clientAddress, nowMs: state.nowMs)
        logger.warning("refused a token from \(context.clientAddress) (\(reason); \(count) in the last minute)")
        await state.audit(.tokenRefused, context, actor: actor, target: nil, detail: reason, result: "denied")
    }

    /// The session a cookie names, while it is live: not revoked, within its absolute timeout and its
    /// idle timeout; its last use is kept at most once a minute.
    func session(_ cookie: String, now: Int64) async throws -> Principal? {
        let store = state.store
        let idle = state.config.auth.sessionIdleMs
        let hash = CSRF.sha256Hex(cookie)
        let found = try await blocking { () -> StoredSession? in
            guard let s = try store.session(idHash: hash), s.revokedAtMs == nil, now < s.expiresAtMs, now - s.lastSeenAtMs < idle else {
                return nil
            }
            if now - s.lastSeenAtMs >= 60_000 { try store.touchSession(idHash: hash, at: now) }
            return s
        }
        guard let s = found else { return nil }
        var permissions: Set<Permission>?
        if let scopes = s.scopes {
            permissions = Set(scopes.split(separator: ",").compactMap { try? Permission.parse(String($0)) })
        }
        return Principal(
            name: s.user, displayName: s.displayName, role: Role(rawValue: s.role), permissions: permissions, site: s.site,
            source: .session(idHash: hash, csrf: s.csrf))
    }
}

/// Too many failed attempts from one client in the current minute: 429 with `Retry-After`.
struct TooManyAttempts: Error {
    var retryAfterSeconds: Int
}
