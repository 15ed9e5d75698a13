import MeterwatchCore

/// What a period is compared against.
public enum Baseline: Hashable, Sendable {
    case previousYear
    case previousPeriod
    case period(Period)

    public static func parse(_ text: String) throws(Period.ParseError) -> Baseline {
        switch text.lowercased() {
        case "previous-year", "last-year", "yoy": return .previousYear
        case "previous-period", "previous": return .previousPeriod
        default: return .period(try Period.parse(text))
        }
    }

    public var id: String {
        switch self {
        case .previousYear: "previous-year"
        case .previousPeriod: "previous-period"
        case .period(let p): p.id
        }
    }
}
