import Crypto
import Foundation
import JWTKit
import MeterwatchConfig
import MeterwatchCore
import MeterwatchOutbound
import Synchronization

/// The city's identity provider, seen from Meterwatch: discovery, its signing keys, the
/// authorization-code flow with PKCE, and the checks on the ID token it returns.
///
/// ```swift
/// let provider = OIDCProvider(config: oidc, clock: clock)
/// let url = try await provider.authorizationURL(state: s, nonce: n, verifier: v, redirectURI: r)
/// let person = try await provider.signIn(code: code, verifier: v, nonce: n, redirectURI: r)
/// person.role       // from roles.claim through roles.map
/// ```
/// The ID token is checked for its signature (the provider's JWKS, fetched again when a key id is
/// new), issuer, audience, expiry, issue time and nonce, with `clock_skew` of tolerance.
final class OIDCProvider: Sendable {
    struct Discovery: Decodable, Sendable {
        var issuer: String
        var authorization_endpoint: String
        var token_endpoint: String
        var jwks_uri: String
        var end_session_endpoint: String?
    }

    /// A person the provider signed in, with what Meterwatch makes of the claims.
    struct Person: Sendable, Equatable {
        var subject: String
        var name: String
        var role: Role
        var site: String?
        var idToken: String
    }

    let config: OIDCConfig
    let clock: any TimeSource
    let sites: Set<String>
    private let cached = Mutex<(discovery: Discovery, keys: JWTKeyCollection, kids: Set<String>)?>(nil)

    init(config: OIDCConfig, clock: any TimeSource, sites: Set<String>) {
        self.config = config
        self.clock = clock
        self.sites = sites
    }

    var tls: OutboundTLS { OutboundTLS(caFile: config.caFile) }

    func get(_ url: URL) async throws -> Data {
        let answer: OutboundResponse
        do { answer = try await OutboundClient.send(OutboundRequest(url: url), tls: tls, timeoutMs: 10_000) } catch {
            throw SignInError.providerUnavailable("\(error)")
        }
        guard answer.status == 200 else { throw SignInError.providerUnavailable("\(url.host ?? "?") answered HTTP \(answer.status)") }
        return answer.body
    }

    /// Discovery and the keys, fetched once and again when a token names a key we do not know.
    func metadata(refresh: Bool = false) async throws -> (discovery: Discovery, keys: JWTKeyCollection, kids: Set<String>) {
        if !refresh, let known = cached.withLock({ $0 }) { return known }
        let base =
            config.issuer.absoluteString.hasSuffix("/") ? String(config.issuer.absoluteString.dropLast()) : config.issuer.absoluteString
        guard let url = URL(string: base + "/.well-known/openid-configuration") else { throw SignInError.providerUnavailable("bad issuer") }
        let discovery: Discovery
        do { discovery = try JSONDecoder().decode(Discovery.self, from: try await get(url)) } catch let e as SignInError { throw e } catch {
            throw SignInError.providerUnavailable("its discovery document is not readable")
        }
        guard discovery.issuer == base || discovery.issuer == config.issuer.absoluteString else {
            throw SignInError.providerUnavailable("its discovery names the issuer \(discovery.issuer), not \(base)")
        }
        guard let jwksURL = URL(string: discovery.jwks_uri) else { throw SignInError.providerUnavailable("its jwks_uri is not a URL") }
        let jwksData = try await get(jwksURL)
        let keys = JWTKeyCollection()
        let jwks: JWKS
        do { jwks = try JSONDecoder().decode(JWKS.self, from: jwksData) } catch {
            throw SignInError.providerUnavailable("its key set is not readable")
        }
        do { try await keys.add(jwks: jwks) } catch {
            throw SignInError.providerUnavailable("its key set holds a key Meterwatch cannot use")
        }
        let kids = Set(jwks.keys.compactMap { $0.keyIdentifier?.string })
        let fresh = (discovery, keys, kids)
        cached.withLock { $0 = fresh }
        return fresh
    }

    /// PKCE's challenge of a verifier: base64url(SHA-256(verifier)).
    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URL
    }

    func authorizationURL(state: String, nonce: String, verifier: String, redirectURI: String) async throws -> URL {
        let (discovery, _, _) = try await metadata()
        guard var c = URLComponents(string: discovery.authorization_endpoint) else {
            throw SignInError.providerUnavailable("its authorization endpoint is not a URL")
        }
        c.queryItems =
            (c.queryItems ?? []) + [
                URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "client_id", value: config.clientID),
                URLQueryItem(name: "redirect_uri", value: redirectURI),
                URLQueryItem(name: "scope", value: config.scopes.joined(separator: " ")),
                URLQueryItem(name: "state", value: state), URLQueryItem(name: "nonce", value: nonce),
                URLQueryItem(name: "code_challenge", value: Self.challenge(verifier)),
                URLQueryItem(name: "code_challenge_method", value: "S256"),
            ]
        guard let url = c.url else { throw SignInError.providerUnavailable("cannot build the authorization URL") }
        return url
    }

    /// Exchanges the code (with the PKCE verifier) and checks the ID token.
    func signIn(code: String, verifier: String, nonce: String, redirectURI: String) async throws -> Person {
        let (discovery, _, _) = try await metadata()
        guard let tokenURL = URL(string: discovery.token_endpoint) else { throw SignInError.providerUnavailable("bad token endpoint") }
        var form = [
            ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI), ("code_verifier", verifier),
        ]
        var headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
        if let secret = config.clientSecret {
            let basic = Data("\(Self.formEncode(config.clientID)):\(Self.formEncode(secret))".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(basic)"))
        } else {
            form.append(("client_id", config.clientID))
        }
        let body = form.map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let answer: OutboundResponse
        do {
            answer = try await OutboundClient.send(
                OutboundRequest(url: tokenURL, method: .POST, headers: headers, body: Data(body.utf8)), tls: tls, timeoutMs: 10_000)
        } catch {
            throw SignInError.providerUnavailable("\(error)")
        }
        guard answer.status == 200,
            let json = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
            let idToken = json["id_token"] as? String
        else {
            throw SignInError.badCallback("the provider did not exchange the code (HTTP \(answer.status))")
        }
        return try await verify(idToken: idToken, nonce: nonce)
    }

    /// The ID token's signature and claims; the person it names.
    func verify(idToken: String, nonce: String) async throws -> Person {
        var (_, keys, kids) = try await metadata()
        let header = Self.segment(idToken, 0)
        if let kid = header?["kid"] as? String, !kids.contains(kid) {
            (_, keys, kids) = try await metadata(refresh: true)
        }
        let payload: IDTokenPayload
        do { payload = try await keys.verify(idToken, as: IDTokenPayload.self) } catch {
            throw SignInError.tokenRefused("its signature does not verify against the provider's keys")
        }
        let now = Double(clock.nowMs()) / 1000
        let skew = Double(config.clockSkewSeconds)
        let base =
            config.issuer.absoluteString.hasSuffix("/") ? String(config.issuer.absoluteString.dropLast()) : config.issuer.absoluteString
        guard payload.iss == base || payload.iss == config.issuer.absoluteString else {
            throw SignInError.tokenRefused("issued by \(payload.iss), not \(base)")
        }
        guard payload.aud.contains(config.clientID) else { throw SignInError.tokenRefused("not issued for \(config.clientID)") }
        guard payload.exp + skew > now else { throw SignInError.tokenRefused("expired") }
        guard payload.iat - skew <= now else { throw SignInError.tokenRefused("issued in the future") }
        if let nbf = payload.nbf, nbf - skew > now { throw SignInError.tokenRefused("not valid yet") }
        guard let got = payload.nonce, got == nonce else { throw SignInError.tokenRefused("its nonce is not this sign-in's") }
        let claims = Self.segment(idToken, 1) ?? [:]
        return try person(subject: payload.sub, claims: claims, idToken: idToken)
    }

    /// Role and building from the claims, as `roles` and `sites` map them.
    func person(subject: String, claims: [String: Any], idToken: String) throws -> Person {
        let name = (claims[config.nameClaim] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? subject
        let values = Self.strings(claims[config.roleClaim])
        let roles = values.compactMap { config.roleMap[$0] } + (config.roleMap["*"].map { [$0] } ?? [])
        guard let role = roles.max() else { throw SignInError.noRole(user: subject) }
        var site: String?
        if let claim = config.siteClaim {
            let given = Self.strings(claims[claim])
            if config.siteMap.isEmpty {
                site = given.first
            } else {
                site = given.compactMap { config.siteMap[$0] }.first
            }
            if let s = site, !sites.contains(s) { throw SignInError.unknownSite(user: subject, site: s) }
        }
        return Person(subject: subject, name: name, role: role, site: site, idToken: idToken)
    }

    static func strings(_ value: Any?) -> [String] {
        if let s = value as? String { return [s] }
        if let list = value as? [Any] { return list.compactMap { $0 as? String } }
        return []
    }

    /// A JWT's header (0) or payload (1) as JSON.
    static func segment(_ jwt: String, _ index: Int) -> [String: Any]? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let data = Data(base64URL: String(parts[index])) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    static func formEncode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    /// Where the provider signs a person out, with the ID token as hint; nil when it has no such endpoint.
    func endSessionURL(idTokenHint: String?, postLogoutRedirect: String) async -> URL? {
        guard let (discovery, _, _) = try? await metadata(), let endpoint = discovery.end_session_endpoint,
            var c = URLComponents(string: endpoint)
        else { return nil }
        var items = c.queryItems ?? []
        if let idTokenHint { items.append(URLQueryItem(name: "id_token_hint", value: idTokenHint)) }
        items.append(URLQueryItem(name: "post_logout_redirect_uri", value: postLogoutRedirect))
        items.append(URLQueryItem(name: "client_id", value: config.clientID))
        c.queryItems = items
        return c.url
    }
}

extension Data {
    var base64URL: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init?(base64URL text: String) {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while s.count % 4 != 0 { s += "=" }
        self.init(base64Encoded: s)
    }
}
