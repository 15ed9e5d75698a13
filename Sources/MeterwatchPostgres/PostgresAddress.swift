import Foundation
import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database` address, checked before any connection.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String

    public init(_ text: String) throws {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw PostgresStoreError.badURL(text, reason: "the scheme must be postgres://")
        }
        guard let host = c.host, !host.isEmpty else { throw PostgresStoreError.badURL(text, reason: "no host") }
        guard let user = c.user, !user.isEmpty else { throw PostgresStoreError.badURL(text, reason: "no user") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresStoreError.badURL(text, reason: "no database name") }
        if let port = c.port, !(1...65535).contains(port) { throw PostgresStoreError.badURL(text, reason: "port \(port)") }
        self.host = host
        self.port = c.port ?? 5432
        self.user = user
        self.password = c.password
        self.database = database
    }

    /// Without the password: for logs and errors.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    var configuration: PostgresConnection.Configuration {
        PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: .disable)
    }
}
