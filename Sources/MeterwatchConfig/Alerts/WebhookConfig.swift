import Foundation

/// An HTTP endpoint that receives alert notifications, signed with HMAC-SHA256.
public struct WebhookConfig: Sendable, Hashable {
    public var id: String
    public var url: String
    /// The signing secret (from `secret:` or the environment variable named by `secret_env:`).
    public var secret: String?
    /// A JSON body template (path); nil: Meterwatch's own JSON body.
    public var templatePath: String?
    public var timeoutMs: Int64
    public var maxAttempts: Int
    public init(id: String, url: String, secret: String? = nil, templatePath: String? = nil, timeoutMs: Int64 = 5_000, maxAttempts: Int = 8)
    {
        self.id = id
        self.url = url
        self.secret = secret
        self.templatePath = templatePath
        self.timeoutMs = timeoutMs
        self.maxAttempts = maxAttempts
    }
}

extension WebhookConfig {
    static func parse(_ r: YAMLReader, configDir: String, environment: [String: String]) throws(ConfigError) -> WebhookConfig {
        let m = try r.mapping(allowed: ["id", "url", "secret", "secret_env", "template", "timeout", "max_attempts"])
        guard let idNode = m["id"] else { throw r.error("missing id") }
        guard let urlNode = m["url"] else { throw r.error("missing url") }
        // A chat service's URL carries its key: it may come from the environment or a file, and is not echoed.
        let url = try urlNode.secret(environment: environment, configDir: configDir)
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
            parsed.host != nil
        else {
            throw urlNode.error("expected an http:// or https:// address")
        }
        var hook = WebhookConfig(id: try idNode.nonEmptyString(), url: url)
        if let s = m["secret"] { hook.secret = try s.secret(environment: environment, configDir: configDir) }
        if let s = m["secret_env"] {
            let name = try s.nonEmptyString()
            guard let value = environment[name], !value.isEmpty else {
                throw s.error("environment variable \(name) is not set (it holds the webhook's signing secret)")
            }
            hook.secret = value
        }
        if let t = m["template"] {
            let p = try t.nonEmptyString()
            let path = p.hasPrefix("/") || configDir.isEmpty ? p : (configDir as NSString).appendingPathComponent(p)
            guard FileManager.default.fileExists(atPath: path) else { throw t.error("template file not found: \(path)") }
            hook.templatePath = path
        }
        if let t = m["timeout"] { hook.timeoutMs = try t.durationMs() }
        if let a = m["max_attempts"] {
            hook.maxAttempts = try a.int()
            guard (1...100).contains(hook.maxAttempts) else { throw a.error("must be 1…100") }
        }
        return hook
    }

}
