import Foundation
import MeterwatchCore
import Yams

/// Where readings are kept: the embedded SQLite file, and for a central deployment a PostgreSQL
/// database the engine's commands read (`meterwatch db copy-to-postgres` fills it).
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
