import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Synchronization
import Testing

@testable import MeterwatchServer

/// One place decides access, and this walks it: every route of the table, for no credentials,
/// each role's session and each scope's token, answers 401, 403 or something else, as its policy
/// says. A route added without its line in `expected` fails here, so its policy is a decision.
@Suite struct AccessPolicyTests {
    static func token(_ byte: String) -> String { "mw_" + String(repeating: byte, count: 32) }

    static let tokens: [(name: String, scopes: String, token: String)] = [
        ("reader", "read", token("a1")), ("importer", "import", token("a2")), ("kpis", "kpis", token("a3")),
        ("acker", "ack", token("a4")), ("deleter", "delete", token("a5")), ("admin-token", "admin", token("a6")),
        ("scraper", "metrics", token("a7")), ("library-edge", "forward:library", token("a8")),
    ]

    static let yaml = """
        site: { name: { en: City, zh-TW: 市府 }, timezone: Asia/Taipei }
        sites:
          - { id: hall, name: { en: Hall } }
          - { id: library, name: { en: Library } }
        meters:
          - { id: hall-power, site: hall, category: electricity, unit: kWh, tags: [main] }
          - { id: lib-power, site: library, category: electricity, unit: kWh, tags: [main] }
        kpis:
          - { id: budget, unit: "%", target: 95 }
        server: { bind: 0.0.0.0:8443 }
        auth: { mode: local }
        """

    /// The policy of every route, as decided: a new route needs its line.
    static let expected: [String: String] = [
        "GET /healthz": "public", "GET /readyz": "public", "GET /metrics": "metrics", "GET /api/v1/openapi.json": "public",
        "GET /api/v1/sites": "read", "GET /api/v1/portfolio": "read", "POST /api/v1/sites/:id/forward": "forward:SITE",
        "GET /api/v1/meters": "read", "GET /api/v1/meters/:id": "read", "GET /api/v1/meters/:id/readings": "read",
        "DELETE /api/v1/meters/:id/readings": "delete", "GET /api/v1/readings": "read", "GET /api/v1/latest": "read",
        "GET /api/v1/compare": "read", "GET /api/v1/savings": "read", "GET /api/v1/kpis": "read", "GET /api/v1/bills": "read",
        "GET /api/v1/demand": "read", "GET /api/v1/contracts": "read", "GET /money": "read",
        "PUT /api/v1/kpis/:id/actuals/:period": "kpis", "GET /api/v1/alerts": "read", "GET /api/v1/alerts/:id": "read",
        "POST /api/v1/alerts/:id/ack": "ack", "GET /api/v1/devices": "read", "POST /api/v1/import/readings": "import",
        "POST /api/v1/import/fuel": "import", "GET /api/v1/reports": "read", "GET /api/v1/audit": "admin",
        "GET /auth/login": "public", "POST /auth/login": "public", "GET /auth/start": "public", "GET /auth/callback": "public",
        "POST /auth/logout": "signed-in", "GET /": "read", "GET /portfolio": "read", "GET /compare": "read", "GET /kpis": "read",
        "GET /devices": "read", "GET /reports": "read", "GET /alerts": "read", "GET /uploads": "import", "GET /audit": "admin",
        "POST /alerts/:id/ack": "ack", "GET /assets/:name": "public", "POST /uploads/preview": "import",
        "POST /uploads/commit": "import", "POST /kpis/:id/actual": "kpis", "POST /readings/delete/preview": "delete",
        "POST /readings/delete": "delete", "POST /sessions/revoke": "admin", "GET /open-data": "public", "GET /open-data/:name": "public",
    ]

    /// Who asks: nothing, a session of each role, a token of each scope.
    enum Asker: CustomStringConvertible {
        case nobody
        case session(Role, cookie: String, csrf: String)
        case token(name: String, scope: Permission, token: String)

        var description: String {
            switch self {
            case .nobody: "no credentials"
            case .session(let role, _, _): "\(role.rawValue) session"
            case .token(let name, _, _): "token \(name)"
            }
        }

        var permissions: Set<Permission> {
            switch self {
            case .nobody: []
            case .session(let role, _, _): role.permissions
            case .token(_, let scope, _): [scope]
            }
        }
    }

    static func site() throws -> (ServerTestSite, [Asker]) {
        let env = tokens.map { "\($0.name):\($0.scopes):\($0.token)" }.joined(separator: ",")
        let site = try ServerTestSite(yaml, environment: ["MW_API_TOKENS": env])
        var askers: [Asker] = [.nobody]
        for role in Role.allCases {
            let cookie = "cookie-\(role.rawValue)"
            let csrf = "csrf-\(role.rawValue)"
            let now = site.clock.nowMs()
            try site.store.createSession(
                StoredSession(
                    idHash: CSRF.sha256Hex(cookie), user: "u-\(role.rawValue)", displayName: nil, role: role.rawValue, site: nil,
                    source: "local", csrf: csrf, createdAtMs: now, lastSeenAtMs: now, expiresAtMs: now + 3_600_000, address: "test"))
            askers.append(.session(role, cookie: cookie, csrf: csrf))
        }
        for t in tokens { askers.append(.token(name: t.name, scope: try Permission.parse(t.scopes), token: t.token)) }
        return (site, askers)
    }

    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: ":period", with: "2026").replacingOccurrences(of: ":name", with: "style.css")
            .replacingOccurrences(of: "/sites/:id", with: "/sites/library").replacingOccurrences(of: ":id", with: "1")
    }

    @Test func everyRouteAnswersEachRoleAndScopeAsItsPolicySays() async throws {
        let (site, askers) = try Self.site()
        // Signing out ends the session it is sent with: last.
        let routes = site.routes.routes.filter { $0.method != "HEAD" }.sorted {
            ($0.path == "/auth/logout" ? 1 : 0) < ($1.path == "/auth/logout" ? 1 : 0)
        }
        // Every route has its decided policy, and no decision is left without a route.
        let served = Dictionary(routes.map { ("\($0.method) \($0.path)", $0.policy.description) }, uniquingKeysWith: { a, _ in a })
        for (route, policy) in served {
            #expect(Self.expected[route] == policy, "\(route): policy \(policy), expected \(Self.expected[route] ?? "none")")
        }
        for route in Self.expected.keys { #expect(served[route] != nil, "\(route) is expected but not served") }
        let checked = Mutex(0)
        try await site.test { client in
            for route in routes {
                for asker in askers {
                    var headers: HTTPFields = [:]
                    switch asker {
                    case .nobody: break
                    case .session(_, let cookie, let csrf):
                        headers[.cookie] = "\(SessionCookie.name)=\(cookie)"
                        headers[CSRF.header] = csrf
                    case .token(_, _, let token): headers[.authorization] = "Bearer \(token)"
                    }
                    let method = HTTPRequest.Method(route.method)!
                    let status = try await client.execute(uri: Self.concrete(route.path), method: method, headers: headers).status.code
                    let allowed: Bool
                    switch route.policy {
                    case .public: allowed = true
                    case .signedIn: if case .nobody = asker { allowed = false } else { allowed = true }
                    case .permission(let p): allowed = asker.permissions.contains(p)
                    case .metrics: allowed = asker.permissions.contains(.metrics)
                    case .forward: allowed = asker.permissions.contains(.forward(site: "library"))
                    }
                    let context = "\(route.method) \(route.path) by \(asker): \(status)"
                    if allowed {
                        #expect(status != 401 && status != 403, "\(context)")
                    } else if case .nobody = asker {
                        // Pages send the browser to sign in; the API answers 401.
                        let page = !route.path.hasPrefix("/api/") && route.method == "GET"
                        #expect(page ? status == 303 : status == 401, "\(context)")
                    } else {
                        #expect(status == 403, "\(context)")
                    }
                    checked.withLock { $0 += 1 }
                }
            }
        }
        #expect(checked.withLock { $0 } == routes.count * askers.count && checked.withLock { $0 } > 500)
    }

    /// A person bound to a building sees it alone: another building's answers are 403, none given is theirs.
    @Test func aBuildingsStaffSeeTheirBuildingAlone() async throws {
        let (site, _) = try Self.site()
        let now = site.clock.nowMs()
        try site.store.createSession(
            StoredSession(
                idHash: CSRF.sha256Hex("lib"), user: "amy", displayName: "Amy", role: "operator", site: "library", source: "oidc",
                csrf: "c", createdAtMs: now, lastSeenAtMs: now, expiresAtMs: now + 3_600_000, address: "test"))
        try await site.test { client in
            let headers: HTTPFields = [.cookie: "\(SessionCookie.name)=lib"]
            let meters = try await client.execute(uri: "/api/v1/meters", method: .get, headers: headers)
            #expect(meters.status == .ok && meters.text.contains("lib-power") && !meters.text.contains("hall-power"))
            let other = try await client.execute(uri: "/api/v1/meters?site=hall", method: .get, headers: headers)
            #expect(other.status == .forbidden)
            let page = try await client.execute(uri: "/?site=hall", method: .get, headers: headers)
            #expect(page.status == .forbidden)
        }
    }

    /// Unknown parameters are refused (a cache key is canonical); periods past the span limit are 400.
    @Test func unknownParametersAndHugePeriodsAreRefused() async throws {
        let (site, _) = try Self.site()
        let reader: HTTPFields = [.authorization: "Bearer \(Self.token("a1"))"]
        try await site.test { client in
            let extra = try await client.execute(uri: "/api/v1/compare?category=electricity&period=2026&x=1", method: .get, headers: reader)
            #expect(extra.status == .badRequest && extra.text.contains("unknown parameter 'x'"), "\(extra.text)")
            let huge = try await client.execute(
                uri: "/api/v1/compare?category=electricity&period=1900-01-01..2199-12-31", method: .get, headers: reader)
            #expect(huge.status == .badRequest && huge.text.contains("server.limits.span"), "\(huge.text)")
            let page = try await client.execute(uri: "/compare?period=1900-01-01..2199-12-31", method: .get, headers: reader)
            #expect(page.status == .badRequest)
        }
    }
}
