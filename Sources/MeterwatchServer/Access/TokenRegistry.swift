import Crypto
import Foundation
import MeterwatchConfig
import MeterwatchCore
import Synchronization

/// The API tokens the server accepts, held as SHA-256 digests only and compared in constant time;
/// a token itself is never logged or echoed. Reloaded from the configuration on SIGHUP.
///
/// ```swift
/// let tokens = TokenRegistry(config: config.server)
/// tokens.principal(forToken: "mw_…", now: now)   // .found(Principal) / .unknown / .expired(name)
/// ```
public final class TokenRegistry: Sendable {
    struct Entry: Sendable, Equatable {
        var name: String
        var digest: [UInt8]
        var scopes: Set<Permission>
        var expiresMs: Int64?
        /// Issued before tokens had scopes: it gets `ServerConfig.legacyScopes`.
        var legacy: Bool
    }

    public enum Lookup: Sendable, Equatable {
        case found(Principal)
        case expired(name: String)
        case unknown
    }

    let entries: Mutex<[Entry]>

    public init(config: ServerConfig) {
        entries = Mutex(Self.entries(config))
    }

    static func entries(_ config: ServerConfig) -> [Entry] {
        var list = config.tokens.compactMap { t -> Entry? in
            guard let bytes = hexBytes(t.sha256) else { return nil }
            return Entry(
                name: t.name, digest: bytes, scopes: t.scopes ?? ServerConfig.legacyScopes, expiresMs: t.expiresMs, legacy: t.scopes == nil)
        }
        for (name, token) in config.environmentTokens.sorted(by: { $0.key < $1.key }) {
            list.append(Entry(name: name, digest: digest(token.token), scopes: token.scopes, expiresMs: nil, legacy: !token.scopesGiven))
        }
        return list
    }

    /// Replaces the tokens (SIGHUP); the names added and removed.
    @discardableResult
    public func reload(_ config: ServerConfig) -> (added: [String], removed: [String]) {
        let new = Self.entries(config)
        let old = entries.withLock { e in
            let old = e
            e = new
            return old
        }
        let before = Set(old.map(\.name))
        let after = Set(new.map(\.name))
        let changed = Set(new.filter { n in old.contains { $0.name == n.name && $0 != n } }.map(\.name))
        return ((after.subtracting(before).union(changed)).sorted(), before.subtracting(after).sorted())
    }

    public var isEmpty: Bool { entries.withLock { $0.isEmpty } }
    /// Names of tokens that list no scopes (serve warns about each).
    public var legacyNames: [String] { entries.withLock { $0.filter(\.legacy).map(\.name) } }
    /// Whether any token may write (import, KPIs, acknowledgements or deletions).
    public var hasWriter: Bool {
        entries.withLock { $0.contains { !$0.scopes.isDisjoint(with: [.import, .kpis, .ack, .delete, .admin]) } }
    }

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

    /// The principal a plain token stands for, compared in constant time against every entry.
    public func lookup(token: String, nowMs: Int64) -> Lookup {
        let d = Self.digest(token)
        var found: Entry?
        for entry in entries.withLock({ $0 }) where zip(entry.digest, d).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 {
            found = found ?? entry
        }
        guard let found else { return .unknown }
        if let expires = found.expiresMs, nowMs >= expires { return .expired(name: found.name) }
        let site: String? = found.scopes.compactMap { if case .forward(let s) = $0 { return s } else { return nil } }.first
        return .found(Principal(name: found.name, role: nil, permissions: found.scopes, site: site, source: .token))
    }
}
