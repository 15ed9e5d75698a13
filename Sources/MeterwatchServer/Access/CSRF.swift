import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// A session's forms and uploads carry its CSRF token (`csrf` in a form, `X-CSRF-Token` on an
/// upload); a write without it, or with another session's, is refused (403). Cookies go with
/// `SameSite=Lax` as well: the token is the second fence.
enum CSRF {
    static let header = HTTPField.Name("X-CSRF-Token")!

    static func check(_ request: Request, context: ServerContext, state: ServerState) async throws -> Request {
        guard let expected = context.identity?.csrf else { return request }
        if let given = request.headers[header] {
            guard equal(given, expected) else { throw Problem(.forbidden, "the form has expired: reload the page and try again") }
            return request
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw Problem(.forbidden, "a write from a signed-in page needs its CSRF token (X-CSRF-Token)")
        }
        let (kept, buffer) = try await BodyReader.kept(request, limit: 65_536, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        guard let given = FormBody.parse(String(buffer: buffer))["csrf"], equal(given, expected) else {
            throw Problem(.forbidden, "the form has expired: reload the page and try again")
        }
        return kept
    }

    /// Constant-time comparison.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// 32 random bytes, URL-safe base64.
    static func randomToken() -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func sha256Hex(_ text: String) -> String { SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined() }
}
