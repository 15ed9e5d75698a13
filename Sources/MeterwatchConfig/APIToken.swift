import Foundation

/// A bearer token allowed to write through the HTTP API. Only its SHA-256 is kept.
public struct APIToken: Sendable, Hashable {
    public var name: String
    /// Lowercase hex SHA-256 of the token.
    public var sha256: String
    public init(name: String, sha256: String) {
        self.name = name
        self.sha256 = sha256
    }
}
