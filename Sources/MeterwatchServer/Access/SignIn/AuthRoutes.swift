import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import NIOCore

/// Signing in and out: `/auth/login` (the page: the city's provider, a local account or a token,
/// as `auth.mode` says), `/auth/start` and `/auth/callback` (the provider's code flow with PKCE),
/// `/auth/logout`. Every sign-in and failed sign-in is audited; failures count towards the
/// client's limit (429).
struct AuthRoutes {
    let state: ServerState
    let logger: Logger

    /// The cookie that carries a sign-in form's CSRF value before there is a session (double submit).
    static let loginCookie = "__Host-meterwatch-login"

    func register(on routes: RouteRecorder) {
        routes.get("/auth/login", .public, query: ["next", "lang", "error"]) { req, ctx in try await loginPage(req, ctx) }
        routes.post("/auth/login", .public, query: ["next", "lang"], audit: nil) { req, ctx in try await login(req, ctx) }
        routes.get("/auth/start", .public, query: ["next", "lang"]) { req, ctx in try await start(req, ctx) }
        routes.get("/auth/callback", .public, query: ["code", "state", "error", "error_description", "session_state", "iss"]) { req, ctx in
            try await callback(req, ctx)
        }
        routes.post("/auth/logout", .signedIn, query: ["lang"], audit: .signOut) { req, ctx in try await logout(req, ctx) }
    }

    /// A local path to go back to after signing in (never another origin).
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"), !text.contains("\r"), !text.contains("\n")
        else { return "/" }
        return text
    }

    func language(_ req: Request) -> Language { PageRoutes.language(req) }

    // MARK: The page

    func loginPage(_ req: Request, _ ctx: ServerContext, message: Phrase? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let lang = language(req)
        let next = Self.safeNext(req.query("next"))
        let formToken = CSRF.randomToken()
        let view = SignInView(
            state: state, lang: lang, next: next, csrf: formToken, message: message ?? req.query("error").flatMap(Self.errorPhrase))
        let html = try state.dashboards.render(view, template: "signin")
        var response = PageRoutes.html(html, status: status)
        response.headers[.setCookie] = "\(Self.loginCookie)=\(formToken); Path=/; Max-Age=1800; Secure; HttpOnly; SameSite=Strict"
        return response
    }

    static func errorPhrase(_ code: String) -> Phrase? {
        switch code {
        case "role": .noRoleForAccount
        case "failed": .signInNotCompleted
        default: nil
        }
    }

    // MARK: Local accounts and tokens

    /// The form of `auth.mode: local` (account and password) or of a token (modes open and token).
    func login(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let now = state.nowMs
        let address = ctx.clientAddress
        if let wait = state.failures.retryAfter(address, nowMs: now) {
            return try await loginPage(req, ctx, message: .tooManyAttempts(seconds: wait), status: .tooManyRequests)
        }
        let form = try await FormBody.fields(of: req, limit: 8_192, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        // Double submit: the form's value must be the cookie's, which only this site's page set.
        guard let given = form["csrf"], let cookie = req.cookies[Self.loginCookie]?.value, CSRF.equal(given, cookie) else {
            return try await loginPage(req, ctx, message: .formExpired, status: .forbidden)
        }
        let next = Self.safeNext(req.query("next"))
        switch state.config.auth.mode {
        case .local:
            let name = (form["account"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = form["password"] ?? ""
            let store = state.store
            let account = try await blocking { () -> UserAccount? in
                guard !name.isEmpty, name.count <= 100, password.count <= 1_000, let user = try store.user(name: name), !user.disabled
                else {
                    // The same work as a real check, so that timing does not tell which accounts exist.
                    _ = Bcrypt.verify(password, hash: Self.decoyHash)
                    return nil
                }
                return Bcrypt.verify(password, hash: user.passwordHash) ? user : nil
            }
            guard let account, let role = Role(rawValue: account.role) else {
                return try await failed(req, ctx, actor: name.isEmpty ? "anonymous" : String(name.prefix(100)), reason: "wrong password")
            }
            return try await open(
                ctx, user: account.name, displayName: account.name, role: role, site: account.site, source: "local", scopes: nil,
                idToken: nil, next: next)
        case .open, .token:
            let token = (form["token"] ?? "").trimmingCharacters(in: .whitespaces)
            switch state.tokens.lookup(token: token, nowMs: now) {
            case .found(let p) where !p.permissions.contains(where: { if case .forward = $0 { true } else { false } }):
                return try await open(
                    ctx, user: p.name, displayName: p.name, role: nil, site: p.site, source: "token",
                    scopes: p.permissions.map(\.description).sorted().joined(separator: ","), idToken: nil, next: next)
            case .expired(let name):
                return try await failed(req, ctx, actor: name, reason: "expired token")
            default:
                return try await failed(req, ctx, actor: "anonymous", reason: "unknown token")
            }
        case .oidc:
            throw Problem(.notFound, "sign in with the city's account: /auth/start")
        }
    }

    /// A bcrypt hash of nothing anyone types, checked when an account does not exist.
    static let decoyHash = Bcrypt.hash("meterwatch-decoy-\(UUID().uuidString)", cost: 12)

    func failed(_ req: Request, _ ctx: ServerContext, actor: String, reason: String) async throws -> Response {
        let count = state.failures.record(ctx.clientAddress, nowMs: state.nowMs)
        logger.warning("failed sign-in from \(ctx.clientAddress) (\(reason); \(count) in the last minute)")
        await state.audit(.signInFailed, ctx, actor: actor, target: "/auth/login", detail: reason, result: "denied")
        let message: Phrase = state.config.auth.mode == .local ? .wrongPassword : .badToken
        return try await loginPage(req, ctx, message: message, status: .unauthorized)
    }

    /// A new session: stored (its id's hash), audited, and its cookie set.
    func open(
        _ ctx: ServerContext, user: String, displayName: String, role: Role?, site: String?, source: String, scopes: String?,
        idToken: String?, next: String
    ) async throws -> Response {
        let now = state.nowMs
        let id = CSRF.randomToken()
        let auth = state.config.auth
        let session = StoredSession(
            idHash: CSRF.sha256Hex(id), user: user, displayName: displayName, role: role?.rawValue ?? "token", site: site, source: source,
            scopes: scopes, csrf: CSRF.randomToken(), createdAtMs: now, lastSeenAtMs: now, expiresAtMs: now + auth.sessionAbsoluteMs,
            address: ctx.clientAddress, idToken: idToken)
        let store = state.store
        try await blocking {
            try store.createSession(session)
            try store.pruneSessions(before: now - 86_400_000)
        }
        var audited = ctx
        audited.identity = Principal(name: user, displayName: displayName, role: role, site: site, source: .token)
        await state.audit(
            .signIn, audited, target: "/auth/login",
            detail: "\(source)\(role.map { " as \($0.rawValue)" } ?? "")\(site.map { " at \($0)" } ?? "")",
            result: "ok")
        var headers: HTTPFields = [.location: next, .cacheControl: "no-store"]
        headers.append(HTTPField(name: .setCookie, value: SessionCookie.set(id, maxAgeSeconds: Int(auth.sessionAbsoluteMs / 1000))))
        headers.append(HTTPField(name: .setCookie, value: "\(Self.loginCookie)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict"))
        return Response(status: .seeOther, headers: headers)
    }

    // MARK: The identity provider

    /// Where the provider sends people back: `auth.oidc.redirect_uri`, else this host's `/auth/callback`.
    func redirectURI(_ req: Request) -> String {
        if let configured = state.config.auth.oidc?.redirectURI { return configured }
        let host = req.head.authority ?? "localhost"
        return "https://\(host)/auth/callback"
    }

    func start(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        guard let provider = state.provider else { throw Problem(.notFound, "auth.mode is not oidc") }
        let stateValue = CSRF.randomToken()
        let nonce = CSRF.randomToken()
        // A PKCE verifier of 43 characters from 32 random bytes.
        let verifier = CSRF.randomToken()
        let redirect = redirectURI(req)
        state.logins.add(
            state: stateValue,
            .init(nonce: nonce, verifier: verifier, next: Self.safeNext(req.query("next")), redirectURI: redirect, startedAtMs: state.nowMs)
        )
        do {
            let url = try await provider.authorizationURL(state: stateValue, nonce: nonce, verifier: verifier, redirectURI: redirect)
            return Response(status: .seeOther, headers: [.location: url.absoluteString, .cacheControl: "no-store"])
        } catch {
            logger.error("sign-in: \(error)")
            return try await loginPage(req, ctx, message: .signInNotCompleted, status: .badGateway)
        }
    }

    func callback(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        guard let provider = state.provider else { throw Problem(.notFound, "auth.mode is not oidc") }
        if let wait = state.failures.retryAfter(ctx.clientAddress, nowMs: state.nowMs) {
            return try await loginPage(req, ctx, message: .tooManyAttempts(seconds: wait), status: .tooManyRequests)
        }
        guard let stateValue = req.query("state"), let attempt = state.logins.take(state: stateValue, nowMs: state.nowMs) else {
            return try await failedCallback(req, ctx, "an unknown or used state")
        }
        if let error = req.query("error") {
            return try await failedCallback(req, ctx, "the provider answered \(String(error.prefix(60)))")
        }
        guard let code = req.query("code"), !code.isEmpty, code.count <= 4_096 else {
            return try await failedCallback(req, ctx, "no code")
        }
        do {
            let person = try await provider.signIn(
                code: code, verifier: attempt.verifier, nonce: attempt.nonce, redirectURI: attempt.redirectURI)
            return try await open(
                ctx, user: person.subject, displayName: person.name, role: person.role, site: person.site, source: "oidc", scopes: nil,
                idToken: person.idToken, next: attempt.next)
        } catch let e as SignInError {
            if case .noRole(let user) = e {
                await state.audit(.signInFailed, ctx, actor: user, target: "/auth/callback", detail: e.description, result: "denied")
                return Response(status: .seeOther, headers: [.location: "/auth/login?error=role", .cacheControl: "no-store"])
            }
            return try await failedCallback(req, ctx, e.description)
        }
    }

    func failedCallback(_ req: Request, _ ctx: ServerContext, _ reason: String) async throws -> Response {
        state.failures.record(ctx.clientAddress, nowMs: state.nowMs)
        logger.warning("failed sign-in from \(ctx.clientAddress): \(reason)")
        await state.audit(.signInFailed, ctx, actor: "anonymous", target: "/auth/callback", detail: reason, result: "denied")
        return Response(status: .seeOther, headers: [.location: "/auth/login?error=failed", .cacheControl: "no-store"])
    }

    func logout(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let principal = try ctx.requireIdentity()
        var location = "/auth/login?lang=\(language(req).rawValue)"
        if let hash = principal.sessionIDHash {
            let store = state.store
            let now = state.nowMs
            let session = try await blocking { () -> StoredSession? in
                let s = try store.session(idHash: hash)
                try store.revokeSession(idHash: hash, at: now)
                return s
            }
            if let provider = state.provider, session?.source == "oidc",
                let url = await provider.endSessionURL(
                    idTokenHint: session?.idToken,
                    postLogoutRedirect: redirectURI(req).replacingOccurrences(of: "/auth/callback", with: "/"))
            {
                location = url.absoluteString
            }
        }
        return Response(status: .seeOther, headers: [.location: location, .setCookie: SessionCookie.cleared, .cacheControl: "no-store"])
    }
}
