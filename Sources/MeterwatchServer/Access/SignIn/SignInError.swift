/// Why a sign-in was refused. The page says it in the reader's language; the log and the audit
/// entry get `description` (never a token, a code or a password).
enum SignInError: Error, CustomStringConvertible, Equatable {
    case providerUnavailable(String)
    case badCallback(String)
    case tokenRefused(String)
    case noRole(user: String)
    case wrongPassword
    case unknownSite(user: String, site: String)

    var description: String {
        switch self {
        case .providerUnavailable(let why): "the identity provider could not be reached: \(why)"
        case .badCallback(let why): "the sign-in could not be completed: \(why)"
        case .tokenRefused(let why): "the identity provider's token was refused: \(why)"
        case .noRole(let user): "\(user) has no Meterwatch role (auth.oidc.roles)"
        case .wrongPassword: "wrong name or password"
        case let .unknownSite(user, site): "\(user)'s building '\(site)' is not one of this deployment's sites"
        }
    }
}
