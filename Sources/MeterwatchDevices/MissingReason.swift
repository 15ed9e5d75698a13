import Foundation
import MeterwatchCore

/// Why a point has no value.
public enum MissingReason: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device reports the type's "not implemented" sentinel or a listed invalid value.
    case notAvailable(raw: UInt64)
    case notANumber
    case scaleFactorMissing(String)
    case scaleFactorOutOfRange(Int)
    case readFailed(String)
    case modelAbsent(Int)

    public var description: String {
        switch self {
        case .notAvailable(let raw): "device reports 'not available' (raw 0x\(String(raw, radix: 16, uppercase: true)))"
        case .notANumber: "device reports NaN"
        case .scaleFactorMissing(let id): "scale factor \(id) not available"
        case .scaleFactorOutOfRange(let v): "scale factor \(v) outside −10…10"
        case .readFailed(let why): why
        case .modelAbsent(let m): "SunSpec model \(m) not present on the device"
        }
    }
}
