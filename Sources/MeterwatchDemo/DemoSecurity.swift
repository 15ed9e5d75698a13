/// `meterwatch demo --secure`: HTTPS with a certificate of the demo's own CA, and sign-in with an
/// OpenID Connect provider on loopback (`oidc-provider-mock`), whose people map to roles.
public struct DemoSecurity: Sendable {
    public var certificate: String
    public var key: String
    public var caFile: String
    public var issuer: String
    public var port: Int

    public init(certificate: String, key: String, caFile: String, issuer: String, port: Int) {
        self.certificate = certificate
        self.key = key
        self.caFile = caFile
        self.issuer = issuer
        self.port = port
    }

    /// The people the demo's provider knows: name, groups, building (nil: every one), the role the groups give.
    public static let people: [(sub: String, name: String, groups: [String], site: String?, role: String)] = [
        ("amy", "林怡君", ["facility"], nil, "operator"),
        ("chen", "陳志明", ["it-admins"], nil, "admin"),
        ("bo", "Bo Chen", ["staff"], "library-branch", "viewer"),
    ]

    var serverYAML: String {
        """

          tls: { cert: "\(certificate)", key: "\(key)" }
        auth:
          mode: oidc
          oidc:
            issuer: \(issuer)
            client_id: meterwatch-demo
            redirect_uri: https://127.0.0.1:\(port)/auth/callback
            roles: { claim: groups, map: { facility: operator, it-admins: admin, staff: viewer } }
            sites: { claim: site }
        """
    }
}
