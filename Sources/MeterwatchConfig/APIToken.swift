import Foundation

/// A bearer token allowed to write through the HTTP API. Only its SHA-256 is kept.
public struct APIToken: Sendable, Hashable {
    public var name: String
    /// Lowercase hex SHA-256 of the token.
    public var sha256: String
    /// A token bound to one building may only forward that building's data (an edge's token).
    public var site: String?
    public init(name: String, sha256: String, site: String? = nil) {
        self.name = name
        self.sha256 = sha256
        self.site = site
    }
}
