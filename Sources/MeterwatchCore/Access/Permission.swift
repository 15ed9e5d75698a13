/// What a request may do. A signed-in person's role grants a set; an API token carries the scopes
/// it was issued with (`scopes: [read, import]`); each route names the one it needs.
///
/// ```swift
/// Role.operator.permissions.contains(.ack)             // true
/// try Permission.parse("forward:library")               // .forward(site: "library")
/// ```
public enum Permission: Hashable, Sendable, CustomStringConvertible {
    /// Pages and GETs: readings, comparisons, reports, alerts.
    case read
    /// Uploads: readings, bills, the fuel log.
    case `import`
    /// Entering KPI actuals.
    case kpis
    /// Acknowledging alerts.
    case ack
    /// Deleting readings.
    case delete
    /// The audit log, sessions, users.
    case admin
    /// `/metrics` when the server is bound beyond loopback.
    case metrics
    /// An edge sending one building's data.
    case forward(site: String)

    public var description: String {
        switch self {
        case .read: "read"
        case .import: "import"
        case .kpis: "kpis"
        case .ack: "ack"
        case .delete: "delete"
        case .admin: "admin"
        case .metrics: "metrics"
        case .forward(let site): "forward:\(site)"
        }
    }

    public struct ParseError: Error, Sendable { public var text: String }

    public static func parse(_ text: String) throws(ParseError) -> Permission {
        switch text {
        case "read": return .read
        case "import": return .import
        case "kpis": return .kpis
        case "ack": return .ack
        case "delete": return .delete
        case "admin": return .admin
        case "metrics": return .metrics
        default:
            let site = text.dropFirst(8)
            guard text.hasPrefix("forward:"), !site.isEmpty,
                site.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else {
                throw ParseError(text: text)
            }
            return .forward(site: String(text.dropFirst(8)))
        }
    }

    /// The scopes a token may carry, as written in the configuration.
    public static let scopeNames = "read, import, kpis, ack, delete, admin, metrics, forward:SITE"
}
