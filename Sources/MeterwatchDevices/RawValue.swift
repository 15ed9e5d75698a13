import Foundation
import MeterwatchCore

/// A value as the registers hold it, before scaling.
public enum RawValue: Sendable, Hashable {
    case signed(Int64)
    case unsigned(UInt64)
    case float(Double)
    case text(String)
    case bool(Bool)

    public var number: Double? {
        switch self {
        case .signed(let v): Double(v)
        case .unsigned(let v): Double(v)
        case .float(let v): v
        case .bool(let b): b ? 1 : 0
        case .text: nil
        }
    }
}
