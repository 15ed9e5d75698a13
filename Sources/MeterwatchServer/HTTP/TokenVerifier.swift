import Crypto
import Foundation
import Hummingbird
import MeterwatchConfig

/// Checks bearer tokens for writes. Tokens are held as SHA-256 digests only and compared in
/// constant time; the token itself is never logged or echoed.
public struct TokenVerifier: Sendable {
    let digests: [(name: String, digest: [UInt8], site: String?)]

    public init(config: ServerConfig) {
        var list = config.tokens.compactMap { t -> (String, [UInt8], String?)? in
            guard let bytes = Self.hexBytes(t.sha256) else { return nil }
            return (t.name, bytes, t.site)
        }
        for (name, token) in config.environmentTokens.sorted(by: { $0.key < $1.key }) { list.append((name, Self.digest(token), nil)) }
        digests = list
    }

    public var isEmpty: Bool { digests.isEmpty }

    public static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Data(token.utf8))) }
    public static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func hexBytes(_ hex: String) -> [UInt8]? {
        var out: [UInt8] = []
        var it = hex.makeIterator()
        while let a = it.next(), let b = it.next() {
            guard let v = UInt8(String([a, b]), radix: 16) else { return nil }
            out.append(v)
        }
        return out.count == 32 ? out : nil
    }

    /// The name of the token a plain token matches, if any (the web form's writers: not a site's).
    public func name(forToken token: String) -> String? {
        guard let entry = entry(forToken: token), entry.site == nil else { return nil }
        return entry.name
    }

    /// The entry a plain token matches, compared in constant time against every entry.
    func entry(forToken token: String) -> (name: String, site: String?)? {
        let d = Self.digest(token)
        var found: (String, String?)?
        for entry in digests where zip(entry.digest, d).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 { found = found ?? (entry.name, entry.site) }
        return found
    }

    /// The writer's name from `Authorization: Bearer …`, or a 401 problem; a token bound to a site
    /// only forwards (403).
    func writer(_ request: Request) throws -> String {
        let entry = try bearer(request)
        guard entry.site == nil else {
            throw Problem(.forbidden, "this token only forwards the data of site '\(entry.site!)'")
        }
        return entry.name
    }

    /// The forwarding edge's token name: a token bound to `site` (401 without a valid token, 403
    /// with another site's or an unbound one).
    func forwarder(_ request: Request, site: String) throws -> String {
        let entry = try bearer(request)
        guard let bound = entry.site else {
            throw Problem(.forbidden, "forwarding needs a token bound to the site (server.tokens[].site: \(site))")
        }
        guard bound == site else { throw Problem(.forbidden, "this token forwards for site '\(bound)', not '\(site)'") }
        return entry.name
    }

    private func bearer(_ request: Request) throws -> (name: String, site: String?) {
        guard let header = request.headers[.authorization] else {
            throw Problem(.unauthorized, "this is a write: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "expected Authorization: Bearer <token>")
        }
        guard let entry = entry(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem(.unauthorized, "the token is not valid")
        }
        return entry
    }
}
