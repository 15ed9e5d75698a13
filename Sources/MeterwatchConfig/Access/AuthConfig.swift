import MeterwatchCore

/// The `auth:` section: who may read and write, and how people sign in.
///
/// ```yaml
/// auth:
///   mode: oidc                  # open (loopback only), token, oidc or local
///   public: [/open-data/]       # paths anyone may read in every mode
///   session: { idle: 30m, absolute: 12h }
///   failed_logins: 10           # per client and minute; then 429
///   oidc: { … }                 # OIDCConfig
/// ```
/// Without `auth:` the mode is `open`, which a bind beyond loopback refuses.
public struct AuthConfig: Sendable, Hashable {
    public var mode: AccessMode = .open
    /// Whether `auth:` was written (an open server beyond loopback is refused unless it was, and
    /// then too).
    public var given = false
    /// Path prefixes every mode leaves open.
    public var publicPaths: [String] = []
    public var sessionIdleMs: Int64 = 30 * 60_000
    public var sessionAbsoluteMs: Int64 = 12 * 3_600_000
    /// Failed sign-ins and bad tokens a client may send per minute before it gets 429s.
    public var failedAttemptsPerMinute = 10
    public var oidc: OIDCConfig?

    public init() {}

    static func parse(_ r: YAMLReader, configDir: String, environment: [String: String], sites: [String]) throws(ConfigError) -> AuthConfig
    {
        var out = AuthConfig()
        out.given = true
        let m = try r.mapping(allowed: ["mode", "public", "session", "failed_logins", "oidc"])
        guard let modeNode = m["mode"] else { throw r.error("missing mode (open, token, oidc or local)") }
        let text = try modeNode.nonEmptyString()
        guard let mode = AccessMode(rawValue: text) else {
            throw modeNode.error("unknown mode '\(text)' (expected open, token, oidc or local)")
        }
        out.mode = mode
        if let p = m["public"] {
            out.publicPaths = try p.stringList()
            for (i, path) in out.publicPaths.enumerated() where !path.hasPrefix("/") || path.hasPrefix("/api/") || path == "/" {
                throw p.error("public[\(i)]: '\(path)' must be a page path such as /open-data/ (not / or the API)")
            }
        }
        if let s = m["session"] {
            let sm = try s.mapping(allowed: ["idle", "absolute"])
            if let i = sm["idle"] {
                out.sessionIdleMs = try i.durationMs()
                guard (60_000...86_400_000).contains(out.sessionIdleMs) else { throw i.error("must be 1m…24h") }
            }
            if let a = sm["absolute"] {
                out.sessionAbsoluteMs = try a.durationMs()
                guard (out.sessionIdleMs...(30 * 86_400_000)).contains(out.sessionAbsoluteMs) else {
                    throw a.error("must be at least the idle timeout and at most 30d")
                }
            }
        }
        if let f = m["failed_logins"] {
            out.failedAttemptsPerMinute = try f.int()
            guard (1...10_000).contains(out.failedAttemptsPerMinute) else { throw f.error("must be 1…10000 per minute") }
        }
        if let o = m["oidc"] {
            out.oidc = try OIDCConfig.parse(o, configDir: configDir, environment: environment, sites: sites)
        }
        if mode == .oidc && out.oidc == nil { throw r.error("mode oidc needs an oidc: section (issuer, client_id, roles)") }
        if mode != .oidc, let o = m["oidc"] { throw o.error("oidc: is used with mode: oidc only") }
        return out
    }
}
