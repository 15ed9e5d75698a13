import Foundation
import Hummingbird

/// The session cookie: `__Host-` (this host only, path /), `Secure`, `HttpOnly`, `SameSite=Lax`. It
/// holds 32 random bytes; the store keeps their SHA-256.
enum SessionCookie {
    static let name = "__Host-meterwatch"

    static func value(_ request: Request) -> String? {
        request.cookies[name]?.value
    }

    static func set(_ value: String, maxAgeSeconds: Int) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAgeSeconds); Secure; HttpOnly; SameSite=Lax"
    }

    static var cleared: String { "\(name)=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax" }
}
