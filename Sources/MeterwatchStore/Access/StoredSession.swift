/// A signed-in person's session, kept in the store so that it can be revoked and survives a
/// restart. The cookie holds a random id; the store holds only its SHA-256.
public struct StoredSession: Sendable, Equatable {
    public var idHash: String
    public var user: String
    public var displayName: String?
    public var role: String
    public var site: String?
    /// `oidc`, `local` or `token`.
    public var source: String
    /// A session opened with a token carries the token's scopes (comma-separated); nil: the role's.
    public var scopes: String?
    public var csrf: String
    public var createdAtMs: Int64
    public var lastSeenAtMs: Int64
    public var expiresAtMs: Int64
    public var revokedAtMs: Int64?
    public var address: String?
    /// The provider's ID token, sent back as `id_token_hint` when signing out there.
    public var idToken: String?

    public init(
        idHash: String, user: String, displayName: String?, role: String, site: String?, source: String, scopes: String? = nil,
        csrf: String, createdAtMs: Int64, lastSeenAtMs: Int64, expiresAtMs: Int64, revokedAtMs: Int64? = nil, address: String?,
        idToken: String? = nil
    ) {
        self.idHash = idHash
        self.user = user
        self.displayName = displayName
        self.role = role
        self.site = site
        self.source = source
        self.scopes = scopes
        self.csrf = csrf
        self.createdAtMs = createdAtMs
        self.lastSeenAtMs = lastSeenAtMs
        self.expiresAtMs = expiresAtMs
        self.revokedAtMs = revokedAtMs
        self.address = address
        self.idToken = idToken
    }
}
