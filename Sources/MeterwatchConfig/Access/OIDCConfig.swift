import Foundation
import MeterwatchCore

/// The city's identity provider (`auth.oidc`): the authorization-code flow with PKCE.
///
/// ```yaml
/// auth:
///   mode: oidc
///   oidc:
///     issuer: https://sso.gov.taipei              # discovery: ISSUER/.well-known/openid-configuration
///     client_id: meterwatch
///     client_secret: { env: MW_OIDC_SECRET }       # omitted: a public client (PKCE alone)
///     redirect_uri: https://energy.gov.taipei/auth/callback
///     ca: /etc/meterwatch/city-ca.pem              # the provider's CA, when it is not a public one
///     roles: { claim: groups, map: { facility: operator, it-admins: admin, staff: viewer } }
///     sites: { claim: groups, map: { library-staff: library } }   # or { claim: site }: the claim is the building
/// ```
public struct OIDCConfig: Sendable, Hashable {
    public var issuer: URL
    public var clientID: String
    public var clientSecret: String?
    /// Why the secret could not be read (an environment variable not set where a command runs):
    /// only `serve` needs it, and refuses to start without it.
    public var clientSecretProblem: String?
    /// Where the provider sends people back; nil: `https://` + the request's host + `/auth/callback`.
    public var redirectURI: String?
    public var scopes: [String] = ["openid", "profile"]
    public var caFile: String?
    public var roleClaim = "groups"
    /// A claim value → the role it gives; `*` gives a role to everyone the provider signs in.
    public var roleMap: [String: Role] = [:]
    /// The claim naming a person's building (its value a site id, or mapped by `siteMap`).
    public var siteClaim: String?
    public var siteMap: [String: String] = [:]
    public var nameClaim = "name"
    /// Tolerance on `exp`, `iat` and `nbf`.
    public var clockSkewSeconds: Int64 = 60

    public init(issuer: URL, clientID: String) {
        self.issuer = issuer
        self.clientID = clientID
    }

    static func parse(
        _ r: YAMLReader, configDir: String, environment: [String: String], sites: [String]
    ) throws(ConfigError) -> OIDCConfig {
        let m = try r.mapping(allowed: [
            "issuer", "client_id", "client_secret", "redirect_uri", "scopes", "ca", "roles", "sites", "name_claim", "clock_skew",
        ])
        guard let issuerNode = m["issuer"] else { throw r.error("missing issuer (the provider's URL)") }
        let text = try issuerNode.nonEmptyString()
        guard let issuer = URL(string: text), ["http", "https"].contains(issuer.scheme?.lowercased() ?? ""), issuer.host != nil else {
            throw issuerNode.error("expected an https URL such as https://sso.example.gov.tw")
        }
        guard let id = m["client_id"] else { throw r.error("missing client_id (the id the provider registered for Meterwatch)") }
        var out = OIDCConfig(issuer: issuer, clientID: try id.nonEmptyString())
        if let s = m["client_secret"] {
            do { out.clientSecret = try s.secret(environment: environment, configDir: configDir) } catch {
                out.clientSecretProblem = error.description
            }
        }
        if let u = m["redirect_uri"] {
            let uri = try u.nonEmptyString()
            guard let url = URL(string: uri), url.scheme == "https" || url.host == "127.0.0.1" || url.host == "localhost" else {
                throw u.error("expected an https URL ending in /auth/callback")
            }
            guard url.path == "/auth/callback" else { throw u.error("the path must be /auth/callback") }
            out.redirectURI = uri
        }
        if let s = m["scopes"] {
            out.scopes = try s.stringList()
            guard out.scopes.contains("openid") else { throw s.error("must include openid") }
        }
        if let c = m["ca"] { out.caFile = try c.existingFile(configDir: configDir) }
        guard let roles = m["roles"] else {
            throw r.error("missing roles (e.g. { claim: groups, map: { facility: operator, it-admins: admin } })")
        }
        let rm = try roles.mapping(allowed: ["claim", "map"])
        if let c = rm["claim"] { out.roleClaim = try c.nonEmptyString() }
        guard let map = rm["map"] else { throw roles.error("missing map (claim value → viewer, operator or admin)") }
        for (value, roleNode) in try map.mapping(allowed: nil) {
            let name = try roleNode.nonEmptyString()
            guard let role = Role(rawValue: name) else {
                throw roleNode.error("unknown role '\(name)' (expected viewer, operator or admin)")
            }
            out.roleMap[value] = role
        }
        if let s = m["sites"] {
            let sm = try s.mapping(allowed: ["claim", "map"])
            guard let c = sm["claim"] else { throw s.error("missing claim") }
            out.siteClaim = try c.nonEmptyString()
            for (value, siteNode) in try sm["map"]?.mapping(allowed: nil) ?? [:] {
                let site = try siteNode.nonEmptyString()
                guard sites.contains(site) else {
                    throw siteNode.error("unknown site '\(site)' (expected one of \(sites.joined(separator: ", ")))")
                }
                out.siteMap[value] = site
            }
        }
        if let n = m["name_claim"] { out.nameClaim = try n.nonEmptyString() }
        if let c = m["clock_skew"] {
            out.clockSkewSeconds = try c.durationMs() / 1000
            guard (0...600).contains(out.clockSkewSeconds) else { throw c.error("must be 0s…10m") }
        }
        return out
    }
}
