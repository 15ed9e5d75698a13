import Foundation

/// Why the PostgreSQL store could not be reached or used; each names what to fix.
public enum PostgresStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `storage.postgres` is not a `postgres://user[:password]@host[:port]/database` address.
    case badURL(String, reason: String)
    /// The server did not accept the connection (down, wrong port, refused credentials).
    case unreachable(String, reason: String)
    /// A statement failed on the server.
    case query(String, reason: String)
    /// The database holds a newer schema than this build understands.
    case newerSchema(found: Int, known: Int)

    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            return
                "storage.postgres '\(url)' is not a PostgreSQL address (\(reason)); "
                + "expected postgres://user[:password]@host[:port]/database"
        case .unreachable(let where_, let reason): return "cannot connect to PostgreSQL at \(where_): \(reason)"
        case .query(let what, let reason): return "PostgreSQL refused \(what): \(reason)"
        case .newerSchema(let found, let known):
            return "the PostgreSQL database holds schema version \(found); this meterwatch knows up to \(known): upgrade meterwatch"
        }
    }
}
