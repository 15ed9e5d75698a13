import Crypto
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// `X-Meterwatch-Signature-256: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the
/// webhook's secret (the scheme GitHub uses, so receivers have ready-made verifiers).
public enum WebhookSignature {
    public static let header = "X-Meterwatch-Signature-256"

    public static func sign(body: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    public static func verify(body: String, secret: String, signature: String) -> Bool {
        let expected = Array(sign(body: body, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0  // constant time
    }
}
