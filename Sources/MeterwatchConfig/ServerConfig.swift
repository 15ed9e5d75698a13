import Foundation
import MeterwatchCore

/// The `server:` section.
///
/// ```yaml
/// server:
///   bind: 0.0.0.0:8443
///   tls: { cert: /etc/meterwatch/tls/cert.pem, key: /etc/meterwatch/tls/key.pem }   # reloaded on SIGHUP
///   redirect_http: 0.0.0.0:8080     # a plain listener that only redirects to HTTPS
///   tokens:
///     - { name: facilities, sha256: 9f86…0a08, scopes: [read, import, kpis], expires: 2027-06-30 }
///     - { name: library-edge, sha256: …, site: library }   # forwards the library's data, nothing else
///   max_body: 10MB
///   max_connections: 1024
///   limits: { span: 40y, points: 200000, deadline: 20s, renders: 4 }
///   dashboards: Dashboards
/// ```
/// Plain tokens never live in the file: `meterwatch token new` prints a token and the line to add.
/// `MW_API_TOKENS=name:token,name2:scope+scope:token` in the environment adds tokens (hashed at load).
public struct ServerConfig: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var tokens: [APIToken] = []
    /// Plain tokens from the environment, by name; hashed by the server at start.
    public var environmentTokens: [String: EnvironmentToken] = [:]
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Folder of dashboard definitions and assets.
    public var dashboardsDirectory: String = "Dashboards"
    /// An idle keep-alive connection is closed after this (`idle_timeout:`, default 60 s).
    public var idleTimeoutMs: Int64 = 60_000
    /// HTTPS: the certificate chain and key in PEM (nil: plain HTTP).
    public var tls: TLSFiles?
    /// A plain listener that answers every request with a redirect to HTTPS.
    public var redirectHTTP: BindAddress?
    /// Open connections at most; past it a new one is closed at once (`max_connections:`).
    public var maxConnections = 1024
    public var limits = RequestLimits()
    public init() {}

    /// The tokens' scopes when a token lists none (tokens of earlier versions): everything but the
    /// audit log, metrics and forwarding. `serve` warns about each such token.
    public static let legacyScopes: Set<Permission> = [.read, .import, .kpis, .ack, .delete]

    /// Whether `host` is a loopback address (where `auth.mode: open` and an open `/metrics` are allowed).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// `sites`: the buildings' ids, which a token's `site:` must name.
    static func parse(
        _ r: YAMLReader?, configDir: String, environment: [String: String], sites: [String] = [], timeZone: String = "UTC"
    ) throws(ConfigError) -> ServerConfig {
        var out = ServerConfig()
        if let r {
            let m = try r.mapping(allowed: [
                "bind", "tokens", "max_body", "dashboards", "idle_timeout", "tls", "redirect_http", "max_connections", "limits",
            ])
            if let b = m["bind"] {
                let bind = try BindAddress.parse(b)
                out.host = bind.host
                out.port = bind.port
            }
            if let t = m["tls"] {
                let tm = try t.mapping(allowed: ["cert", "key", "client_ca"])
                guard let cert = tm["cert"], let key = tm["key"] else { throw t.error("give cert and key (PEM files)") }
                out.tls = TLSFiles(
                    certificate: try cert.existingFile(configDir: configDir), key: try key.existingFile(configDir: configDir),
                    clientCA: try tm["client_ca"]?.existingFile(configDir: configDir))
            }
            if let h = m["redirect_http"] {
                guard out.tls != nil else { throw h.error("redirect_http needs tls: (it redirects to the HTTPS listener)") }
                out.redirectHTTP = try BindAddress.parse(h)
            }
            if let c = m["max_connections"] {
                out.maxConnections = try c.int()
                guard (16...1_000_000).contains(out.maxConnections) else { throw c.error("must be 16…1,000,000") }
            }
            if let l = m["limits"] { out.limits = try RequestLimits.parse(l) }
            for t in try m["tokens"]?.sequence() ?? [] {
                let tm = try t.mapping(allowed: ["name", "sha256", "site", "scopes", "expires"])
                guard let n = tm["name"], let h = tm["sha256"] else {
                    throw t.error("a token needs name and sha256 (run `meterwatch token new --name NAME`)")
                }
                let hash = try h.nonEmptyString().lowercased()
                guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit }) else {
                    throw h.error("expected the 64-digit hex SHA-256 of the token, never the token itself")
                }
                var token = APIToken(name: try n.nonEmptyString(), sha256: hash)
                if let s = tm["site"] {
                    token.site = try s.nonEmptyString()
                    guard sites.contains(token.site!) else {
                        throw s.error("unknown site '\(token.site!)' (expected one of \(sites.joined(separator: ", ")))")
                    }
                    token.scopes = [.forward(site: token.site!)]
                }
                if let list = tm["scopes"] {
                    guard token.site == nil else { throw list.error("a token bound to a site forwards that site's data only: no scopes") }
                    var scopes: Set<Permission> = []
                    for item in try list.sequence() {
                        let text = try item.nonEmptyString()
                        do { scopes.insert(try Permission.parse(text)) } catch {
                            throw item.error("unknown scope '\(text)' (expected \(Permission.scopeNames))")
                        }
                    }
                    for case .forward(let site) in scopes where !sites.contains(site) {
                        throw list.error("unknown site '\(site)' (expected one of \(sites.joined(separator: ", ")))")
                    }
                    token.scopes = scopes
                }
                if let e = tm["expires"] {
                    let text = try e.nonEmptyString()
                    guard let calendar = try? LocalCalendar(timeZone: timeZone) else { throw e.error("no time zone") }
                    if let day = TimeParser.parseDate(text, allowROC: true) {
                        token.expiresMs = calendar.startOfDay(day.adding(days: 1))
                    } else if let instant = try? TimeParser(calendar: calendar).parseInstant(text) {
                        token.expiresMs = instant
                    } else {
                        throw e.error("expected a date (2027-06-30: the token works through that day) or a time")
                    }
                }
                out.tokens.append(token)
            }
            if let mb = m["max_body"] {
                let text = try mb.nonEmptyString().uppercased().replacingOccurrences(of: " ", with: "")
                let units: [(String, Int)] = [("MB", 1 << 20), ("KB", 1 << 10), ("B", 1)]
                var bytes: Int?
                for (suffix, f) in units where text.hasSuffix(suffix) {
                    bytes = Int(text.dropLast(suffix.count)).flatMap { n in
                        let (product, overflow) = n.multipliedReportingOverflow(by: f)
                        return overflow ? nil : product
                    }
                    break
                }
                if bytes == nil { bytes = Int(text) }
                guard let bytes, bytes >= 1024, bytes <= 1 << 30 else { throw mb.error("expected a size such as 10MB (1KB…1024MB)") }
                out.maxBodyBytes = bytes
            }
            if let d = m["dashboards"] { out.dashboardsDirectory = try d.nonEmptyString() }
            if let t = m["idle_timeout"] {
                out.idleTimeoutMs = try t.durationMs()
                guard (1_000...3_600_000).contains(out.idleTimeoutMs) else { throw t.error("must be 1s…1h") }
            }
        }
        if !out.dashboardsDirectory.hasPrefix("/") && !configDir.isEmpty {
            out.dashboardsDirectory = (configDir as NSString).appendingPathComponent(out.dashboardsDirectory)
        }
        if let list = environment["MW_API_TOKENS"], !list.isEmpty {
            for (i, item) in list.split(separator: ",").enumerated() {
                let parts = item.split(separator: ":").map(String.init)
                let name = parts.count >= 2 ? parts[0] : "env\(i + 1)"
                func fail(_ message: String) -> ConfigError {
                    ConfigError(file: "MW_API_TOKENS", line: nil, column: nil, key: name, message: message)
                }
                guard (1...4).contains(parts.count), let token = parts.last, Self.isIssuedToken(token) else {
                    throw fail(
                        "expected name:token or name:scope+scope:token, the token made by `meterwatch token new` (mw_ and 64 hex digits)")
                }
                var scopes = Self.legacyScopes
                if parts.count >= 3 {
                    scopes = []
                    // A scope may hold a colon itself (forward:library).
                    for text in parts[1..<(parts.count - 1)].joined(separator: ":").split(separator: "+").map(String.init) {
                        guard let scope = try? Permission.parse(text) else {
                            throw fail("unknown scope '\(text)' (expected \(Permission.scopeNames))")
                        }
                        scopes.insert(scope)
                    }
                }
                out.environmentTokens[name] = EnvironmentToken(token: token, scopes: scopes, scopesGiven: parts.count >= 3)
            }
        }
        return out
    }
}

extension ServerConfig {
    /// A token from `MW_API_TOKENS`.
    public struct EnvironmentToken: Sendable, Hashable {
        public var token: String
        public var scopes: Set<Permission>
        /// The entry named its scopes (else the legacy set, with a warning).
        public var scopesGiven: Bool
    }

    /// A token as `meterwatch token new` makes them: `mw_` and 32 random bytes in hex. A chosen word
    /// never passes.
    public static func isIssuedToken(_ text: String) -> Bool {
        guard text.hasPrefix("mw_") else { return false }
        let hex = text.dropFirst(3)
        return hex.count == 64 && hex.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
