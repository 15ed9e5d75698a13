import Foundation
import MeterwatchCore
import MeterwatchDevices

/// Where a simulated device's values come from: called before every answer with the current
/// time; returns values in canonical units by quantity (points without one keep their example).
public protocol DeviceBehaviour: Sendable {
    mutating func values(nowMs: Int64) -> [Quantity: Double]
}
