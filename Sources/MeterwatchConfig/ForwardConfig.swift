import Foundation

/// The `forward:` section of an edge: the central Meterwatch this building's box sends its data to.
///
/// ```yaml
/// forward:
///   to: http://central.example:8080   # the central's base URL
///   site: district-office             # this building's id in the central's sites:
///   token_file: /etc/meterwatch/forward.token   # or MW_FORWARD_TOKEN in the environment
///   every: 10s                        # how often to send what is new
///   batch: 20000                      # readings per request at most
///   ca: /etc/meterwatch/city-ca.pem   # trust the city's CA for an https central (else the system's)
///   client_cert: { cert: edge.pem, key: edge-key.pem }   # mutual TLS, when the central asks for it
/// ```
/// Redirects are followed within the central's own origin only; the token never goes elsewhere.
public struct ForwardConfig: Sendable, Hashable {
    public var url: URL
    public var site: String
    /// The plain token (from `token_file` or `MW_FORWARD_TOKEN`), sent as a bearer token.
    public var token: String
    public var everyMs: Int64 = 10_000
    public var batchReadings = 20_000
    public var timeoutMs: Int64 = 30_000
    /// PEM bundle of the CAs an https central's certificate must chain to (nil: the system's).
    public var caFile: String?
    /// The edge's own certificate, for a central that asks for one.
    public var clientCertificate: TLSFiles?

    public init(url: URL, site: String, token: String) {
        self.url = url
        self.site = site
        self.token = token
    }

    static func parse(_ r: YAMLReader, configDir: String, environment: [String: String]) throws(ConfigError) -> ForwardConfig {
        let m = try r.mapping(allowed: ["to", "site", "token_file", "every", "batch", "timeout", "ca", "client_cert"])
        guard let toNode = m["to"] else { throw r.error("missing to (the central's URL, e.g. http://central:8080)") }
        let text = try toNode.nonEmptyString()
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host?.isEmpty == false else {
            throw toNode.error("expected an http or https URL such as http://central:8080, not '\(text)'")
        }
        guard let siteNode = m["site"] else { throw r.error("missing site (this building's id in the central's sites:)") }
        let site = try siteNode.nonEmptyString()
        guard Building.isValidID(site) else { throw siteNode.error("site ids may contain ASCII letters, digits, '-', '_' and '.' only") }
        var token = environment["MW_FORWARD_TOKEN"] ?? ""
        if let file = m["token_file"] {
            var path = try file.nonEmptyString()
            if !path.hasPrefix("/") && !configDir.isEmpty { path = (configDir as NSString).appendingPathComponent(path) }
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw file.error("cannot read \(path)") }
            token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard token.count >= 16 else {
            throw r.error("give the token the central issued for this site: token_file, or MW_FORWARD_TOKEN (16 characters at least)")
        }
        var out = ForwardConfig(url: url, site: site, token: token)
        if let e = m["every"] {
            out.everyMs = try e.durationMs()
            guard (100...3_600_000).contains(out.everyMs) else { throw e.error("must be 100ms…1h") }
        }
        if let b = m["batch"] {
            out.batchReadings = try b.int()
            guard (1...1_000_000).contains(out.batchReadings) else { throw b.error("must be 1…1,000,000 readings") }
        }
        if let t = m["timeout"] {
            out.timeoutMs = try t.durationMs()
            guard (1_000...600_000).contains(out.timeoutMs) else { throw t.error("must be 1s…10m") }
        }
        if let c = m["ca"] {
            guard url.scheme?.lowercased() == "https" else { throw c.error("ca: is for an https central (to: https://…)") }
            out.caFile = try c.existingFile(configDir: configDir)
        }
        if let c = m["client_cert"] {
            guard url.scheme?.lowercased() == "https" else { throw c.error("client_cert: is for an https central (to: https://…)") }
            let cm = try c.mapping(allowed: ["cert", "key"])
            guard let cert = cm["cert"], let key = cm["key"] else { throw c.error("give cert and key (PEM files)") }
            out.clientCertificate = TLSFiles(
                certificate: try cert.existingFile(configDir: configDir), key: try key.existingFile(configDir: configDir))
        }
        return out
    }
}
