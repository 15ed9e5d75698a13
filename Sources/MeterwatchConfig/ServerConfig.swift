import Foundation

/// The `server:` section.
///
/// ```yaml
/// server:
///   bind: 127.0.0.1:8080
///   tokens:
///     - { name: facilities, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 }
///     - { name: library-edge, sha256: …, site: library }   # forwards the library's data, nothing else
///   max_body: 10MB
///   dashboards: Dashboards
/// ```
/// Plain tokens never live in the file: `meterwatch token new` prints a token and the line to add.
/// `MW_API_TOKENS=name:token,name2:token2` in the environment adds tokens (hashed at load).
public struct ServerConfig: Sendable, Hashable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var tokens: [APIToken] = []
    /// Plain tokens from the environment, by name; hashed by the server at start.
    public var environmentTokens: [String: String] = [:]
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Folder of dashboard definitions and assets.
    public var dashboardsDirectory: String = "Dashboards"
    /// An idle keep-alive connection is closed after this (`idle_timeout:`, default 60 s).
    public var idleTimeoutMs: Int64 = 60_000
    public init() {}

    /// `sites`: the buildings' ids, which a token's `site:` must name.
    static func parse(
        _ r: YAMLReader?, configDir: String, environment: [String: String], sites: [String] = []
    ) throws(ConfigError) -> ServerConfig {
        var out = ServerConfig()
        if let r {
            let m = try r.mapping(allowed: ["bind", "tokens", "max_body", "dashboards", "idle_timeout"])
            if let b = m["bind"] {
                let text = try b.nonEmptyString()
                guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
                else {
                    throw b.error("expected HOST:PORT such as 127.0.0.1:8080")
                }
                out.host = String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                out.port = port
            }
            for t in try m["tokens"]?.sequence() ?? [] {
                let tm = try t.mapping(allowed: ["name", "sha256", "site"])
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
                let parts = item.split(separator: ":", maxSplits: 1)
                let (name, token) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("env\(i + 1)", String(item))
                guard token.count >= 16 else {
                    throw ConfigError(
                        file: "MW_API_TOKENS", line: nil, column: nil, key: name, message: "tokens must be at least 16 characters")
                }
                out.environmentTokens[name] = token
            }
        }
        return out
    }
}
