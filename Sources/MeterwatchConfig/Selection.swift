import MeterwatchCore

/// What a comparison is taken over: one meter, a tag, a category or a vehicle.
public enum Selection: Hashable, Sendable, CustomStringConvertible {
    case meter(String)
    case tag(String)
    case category(MeterCategory)
    case vehicle(String)

    public var description: String {
        switch self {
        case .meter(let m): "meter \(m)"
        case .tag(let t): "tag \(t)"
        case .category(let c): "category \(c.rawValue)"
        case .vehicle(let v): "vehicle \(v)"
        }
    }
}
