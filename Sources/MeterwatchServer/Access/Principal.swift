import HummingbirdAuth
import MeterwatchConfig
import MeterwatchCore

/// Who a request comes from: a signed-in person (a session), a program (an API token), or, in
/// `auth.mode: open` on loopback, anyone (reads only).
///
/// ```swift
/// let amy = Principal(name: "amy", displayName: "Amy Lin", role: .operator, site: "library", source: .session(idHash: "…", csrf: "…"))
/// amy.permissions.contains(.ack)     // true
/// ```
public struct Principal: Sendable, Equatable, PermissionProviding {
    public enum Source: Sendable, Equatable {
        /// `auth.mode: open`: reads without a name.
        case anonymous
        /// A browser session; `csrf` must come back with every form.
        case session(idHash: String, csrf: String)
        /// `Authorization: Bearer` with an API token of this name.
        case token
    }

    public var name: String
    public var displayName: String
    public var role: Role?
    public var permissions: Set<Permission>
    /// The building a person or token is narrowed to (nil: the whole deployment).
    public var site: String?
    public var source: Source

    public init(name: String, displayName: String? = nil, role: Role?, permissions: Set<Permission>? = nil, site: String?, source: Source) {
        self.name = name
        self.displayName = displayName ?? name
        self.role = role
        self.permissions = permissions ?? role?.permissions ?? []
        self.site = site
        self.source = source
    }

    static func anonymous(metrics: Bool) -> Principal {
        Principal(name: "anonymous", role: nil, permissions: metrics ? [.read, .metrics] : [.read], site: nil, source: .anonymous)
    }

    var isAnonymous: Bool { source == .anonymous }

    var csrf: String? {
        if case .session(_, let csrf) = source { return csrf }
        return nil
    }

    var sessionIDHash: String? {
        if case .session(let id, _) = source { return id }
        return nil
    }

    /// `operator` or the token's scopes, for the audit log.
    var roleText: String {
        role?.rawValue ?? (isAnonymous ? "anonymous" : "token[" + permissions.map(\.description).sorted().joined(separator: " ") + "]")
    }
}
