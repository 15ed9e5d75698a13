import Foundation
import MeterwatchCore

/// A bearer token allowed to write through the HTTP API. Only its SHA-256 is kept.
public struct APIToken: Sendable, Hashable {
    public var name: String
    /// Lowercase hex SHA-256 of the token.
    public var sha256: String
    /// A token bound to one building may only forward that building's data (an edge's token).
    public var site: String?
    /// What it may do; nil: a token of an earlier version, which lists none (`ServerConfig.legacyScopes`).
    public var scopes: Set<Permission>?
    /// It is refused from this instant on.
    public var expiresMs: Int64?
    public init(name: String, sha256: String, site: String? = nil, scopes: Set<Permission>? = nil, expiresMs: Int64? = nil) {
        self.name = name
        self.sha256 = sha256
        self.site = site
        self.scopes = site.map { [.forward(site: $0)] } ?? scopes
        self.expiresMs = expiresMs
    }
}
