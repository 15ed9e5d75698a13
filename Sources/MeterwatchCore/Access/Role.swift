/// A person's role, mapped from the identity provider's claim (`auth.oidc.roles`) or given to a
/// local account (`meterwatch users add --role`).
///
/// - `viewer` reads;
/// - `operator` also uploads, enters KPI actuals and acknowledges alerts;
/// - `admin` also deletes readings and sees the audit log, sessions and users.
public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
    case viewer, `operator`, admin

    public var permissions: Set<Permission> {
        switch self {
        case .viewer: [.read]
        case .operator: [.read, .import, .kpis, .ack]
        case .admin: [.read, .import, .kpis, .ack, .delete, .admin, .metrics]
        }
    }

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
