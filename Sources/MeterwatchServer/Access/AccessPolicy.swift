import MeterwatchConfig
import MeterwatchCore

/// What a route requires. Every route is registered with one (`RouteRecorder`), the route table
/// keeps it, and `PolicyMiddleware` checks it before the handler runs: access is decided in one
/// place, and a test walks the table for every route, role and scope.
public enum AccessPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Anyone: health, assets, sign-in, the public pages.
    case `public`
    /// A permission of the principal's (a role's or a token's).
    case permission(Permission)
    /// `/metrics`: open on a loopback bind, else the `metrics` permission.
    case metrics
    /// An edge's forward: `forward:SITE` for the site in the path.
    case forward
    /// Anyone signed in (signing out).
    case signedIn

    public var description: String {
        switch self {
        case .public: "public"
        case .permission(let p): p.description
        case .metrics: "metrics"
        case .forward: "forward:SITE"
        case .signedIn: "signed-in"
        }
    }
}
