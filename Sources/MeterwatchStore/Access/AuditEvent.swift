/// One entry of the audit log: who did what, when, from where, and how it ended.
///
/// ```swift
/// try store.recordAudit(AuditEvent(atMs: now, actor: "amy", role: "operator", action: .importFuel,
///                                  target: "fuel-2026-11.csv", address: "10.2.0.7", result: "ok"))
/// ```
public struct AuditEvent: Sendable, Equatable, Codable {
    /// What was done.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case signIn = "sign-in"
        case signInFailed = "sign-in-failed"
        case signOut = "sign-out"
        case tokenRefused = "token-refused"
        case importReadings = "import-readings"
        case importFuel = "import-fuel"
        case kpiActual = "kpi-actual"
        case acknowledge
        case deleteReadings = "delete-readings"
        case tokensReloaded = "tokens-reloaded"
        case userAdded = "user-added"
        case userRemoved = "user-removed"
        case roleChanged = "role-changed"
        case passwordChanged = "password-changed"
        case sessionRevoked = "session-revoked"
    }

    /// The store's row id (nil before it is stored).
    public var id: Int64?
    public var atMs: Int64
    /// The person or token; `anonymous` for a refused attempt without a name.
    public var actor: String
    public var role: String?
    public var action: Action
    public var target: String?
    public var detail: String?
    /// The client's address.
    public var address: String?
    /// `ok`, `denied`, or `failed: …`.
    public var result: String
    /// The building it came from (an edge's entries at the central).
    public var site: String?

    public init(
        id: Int64? = nil, atMs: Int64, actor: String, role: String? = nil, action: Action, target: String? = nil, detail: String? = nil,
        address: String? = nil, result: String, site: String? = nil
    ) {
        self.id = id
        self.atMs = atMs
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.detail = detail
        self.address = address
        self.result = result
        self.site = site
    }
}
