import Foundation
import JWTKit

/// The registered claims of an OpenID Connect ID token that Meterwatch checks; jwt-kit checks the
/// signature against the provider's keys, `OIDCProvider` the claims against the configuration and
/// the server's clock.
struct IDTokenPayload: JWTPayload {
    var iss: String
    var sub: String
    var aud: [String]
    var exp: Double
    var iat: Double
    var nbf: Double?
    var nonce: String?

    enum CodingKeys: String, CodingKey { case iss, sub, aud, exp, iat, nbf, nonce }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        iss = try c.decode(String.self, forKey: .iss)
        sub = try c.decode(String.self, forKey: .sub)
        if let one = try? c.decode(String.self, forKey: .aud) {
            aud = [one]
        } else {
            aud = try c.decode([String].self, forKey: .aud)
        }
        exp = try c.decode(Double.self, forKey: .exp)
        iat = try c.decode(Double.self, forKey: .iat)
        nbf = try c.decodeIfPresent(Double.self, forKey: .nbf)
        nonce = try c.decodeIfPresent(String.self, forKey: .nonce)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(iss, forKey: .iss)
        try c.encode(sub, forKey: .sub)
        try c.encode(aud, forKey: .aud)
        try c.encode(exp, forKey: .exp)
        try c.encode(iat, forKey: .iat)
        try c.encodeIfPresent(nbf, forKey: .nbf)
        try c.encodeIfPresent(nonce, forKey: .nonce)
    }

    /// Times and audience are checked by `OIDCProvider` with the server's clock (a parameter, so that
    /// tests move it); here nothing more.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
