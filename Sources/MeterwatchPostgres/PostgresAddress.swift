import Foundation
import NIOSSL
import PostgresNIO

/// A `postgres://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=…]` address, checked
/// before any connection.
///
/// `sslmode` as libpq reads it, of its modes the three a deployment chooses between:
/// - `disable` (the default): plain TCP, for a database on the same host or a private link;
/// - `require`: TLS, without checking the server's certificate (encrypted, not authenticated);
/// - `verify-full`: TLS, the certificate must chain to `sslrootcert` (a PEM bundle; default the
///   system's CAs) and name the host.
public struct PostgresAddress: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disable, require
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode = .disable
    /// PEM bundle of the CAs `verify-full` trusts (nil: the system's).
    public var sslRootCert: String?

    public init(_ text: String) throws {
        // Errors never repeat the text: it may hold the password.
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw PostgresStoreError.badURL(Self.redacted(text), reason: "the scheme must be postgres://")
        }
        let shown = Self.redacted(text)
        guard let host = c.host, !host.isEmpty else { throw PostgresStoreError.badURL(shown, reason: "no host") }
        guard let user = c.user, !user.isEmpty else { throw PostgresStoreError.badURL(shown, reason: "no user") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else { throw PostgresStoreError.badURL(shown, reason: "no database name") }
        if let port = c.port, !(1...65535).contains(port) { throw PostgresStoreError.badURL(shown, reason: "port \(port)") }
        self.host = host
        self.port = c.port ?? 5432
        self.user = user
        self.password = c.password
        self.database = database
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = SSLMode(rawValue: item.value ?? "") else {
                    throw PostgresStoreError.badURL(shown, reason: "sslmode must be disable, require or verify-full")
                }
                sslMode = mode
            case "sslrootcert":
                guard let path = item.value, !path.isEmpty else { throw PostgresStoreError.badURL(shown, reason: "sslrootcert is empty") }
                guard FileManager.default.isReadableFile(atPath: path) else {
                    throw PostgresStoreError.badURL(shown, reason: "cannot read sslrootcert \(path)")
                }
                sslRootCert = path
            case "target_session_attrs", "connect_timeout", "application_name":
                continue  // understood by libpq; nothing to do here
            default:
                throw PostgresStoreError.badURL(shown, reason: "unknown parameter '\(item.name)' (sslmode, sslrootcert)")
            }
        }
        if sslRootCert != nil && sslMode != .verifyFull {
            throw PostgresStoreError.badURL(shown, reason: "sslrootcert is used with sslmode=verify-full")
        }
    }

    /// The text with any password replaced, for an error about it.
    static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text) else {
            // Not even a URL: show only what precedes a credential.
            if let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://") {
                return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
            }
            return text.contains("@") ? "(an address with credentials)" : text
        }
        if c.password != nil { c.password = "***" }
        return c.string ?? "(an address)"
    }

    /// Without the password: for logs and errors.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (sslMode == .disable ? "" : "?sslmode=\(sslMode.rawValue)")
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable:
            tls = .disable
        case .require:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .none
            tls = .require(try NIOSSLContext(configuration: config))
        case .verifyFull:
            var config = TLSConfiguration.makeClientConfiguration()
            config.certificateVerification = .fullVerification
            config.minimumTLSVersion = .tlsv12
            if let sslRootCert { config.trustRoots = .file(sslRootCert) }
            tls = .require(try NIOSSLContext(configuration: config))
        }
        return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
