import Foundation
import GRDB
import MeterwatchCore

/// Identifies a series: one quantity of one meter (`hall-power` / `energy_import`).
public struct SeriesKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var meter: String
    public var quantity: Quantity
    public init(meter: String, quantity: Quantity) {
        self.meter = meter
        self.quantity = quantity
    }
    public var description: String { "\(meter)/\(quantity)" }
    public static func < (a: SeriesKey, b: SeriesKey) -> Bool { (a.meter, a.quantity.name) < (b.meter, b.quantity.name) }
}
