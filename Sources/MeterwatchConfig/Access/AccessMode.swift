/// How the server decides who may read (`auth.mode`).
public enum AccessMode: String, Sendable, Hashable, CaseIterable {
    /// Reads open to anyone who reaches the port, writes by token: allowed on a loopback bind only.
    case open
    /// Every request needs a token; people sign in to the pages with one.
    case token
    /// People sign in with the city's identity provider (OpenID Connect); programs use tokens.
    case oidc
    /// People sign in with local accounts (`meterwatch users add`); programs use tokens.
    case local
}
