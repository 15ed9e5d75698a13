import Foundation

/// `HOST:PORT` a listener binds (`server.bind`, `server.redirect_http`).
public struct BindAddress: Sendable, Hashable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    static func parse(_ r: YAMLReader) throws(ConfigError) -> BindAddress {
        let text = try r.nonEmptyString()
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw r.error("expected HOST:PORT such as 127.0.0.1:8080")
        }
        return BindAddress(host: String(text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)
    }
}
