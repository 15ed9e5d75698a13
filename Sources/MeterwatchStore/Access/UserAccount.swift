/// A local account (`auth.mode: local`), made with `meterwatch users add`. The password is kept as
/// a bcrypt hash only.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var passwordHash: String
    public var role: String
    public var site: String?
    public var createdAtMs: Int64
    public var disabled: Bool

    public init(name: String, passwordHash: String, role: String, site: String?, createdAtMs: Int64, disabled: Bool = false) {
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.site = site
        self.createdAtMs = createdAtMs
        self.disabled = disabled
    }
}
