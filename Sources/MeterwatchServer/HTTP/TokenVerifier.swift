import Crypto
import Foundation
import Hummingbird
import MeterwatchConfig

/// Checks bearer tokens for writes. Tokens are held as SHA-256 digests only and compared in
/// constant time; the token itself is never logged or echoed.
public struct TokenVerifier: Sendable {
    let digests: [(name: String, digest: [UInt8])]

    public init(config: ServerConfig) {
        var list = config.tokens.compactMap { t -> (String, [UInt8])? in
            guard let bytes = Self.hexBytes(t.sha256) else { return nil }
            return (t.name, bytes)
        }
        for (name, token) in config.environmentTokens.sorted(by: { $0.key < $1.key }) { list.append((name, Self.digest(token))) }
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

    /// The name of the token a plain token matches, if any.
    public func name(forToken token: String) -> String? {
        let d = Self.digest(token)
        var found: String?
        for entry in digests where zip(entry.digest, d).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 { found = found ?? entry.name }
        return found
    }

    /// The writer's name from `Authorization: Bearer …`, or a 401 problem.
    func writer(_ request: Request) throws -> String {
        guard let header = request.headers[.authorization] else {
            throw Problem(.unauthorized, "this is a write: send Authorization: Bearer <token>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem(.unauthorized, "expected Authorization: Bearer <token>")
        }
        guard let name = name(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem(.unauthorized, "the token is not valid")
        }
        return name
    }
}
