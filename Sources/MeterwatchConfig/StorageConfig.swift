import Foundation
import MeterwatchCore
import Yams

/// Where readings are kept: the embedded SQLite file, and for a central deployment a PostgreSQL
/// database that `serve` keeps the buildings' readings in (forwarded by the edges, and by the SQLite
/// file of its own collector and imports) and the engine's commands read.
public struct StorageConfig: Hashable, Sendable {
    public var path: String
    public var rawRetentionDays: Int
    /// `postgres://user[:password]@host[:port]/database`, checked for its form here and on connection.
    public var postgres: String?

    public init(path: String, rawRetentionDays: Int, postgres: String? = nil) {
        self.path = path
        self.rawRetentionDays = rawRetentionDays
        self.postgres = postgres
    }
}
