import Foundation
import MeterwatchConfig
import MeterwatchCore

/// The demo's meters: which device profile each is, on which link and unit id, and which part of
/// the city hall model it measures.
public struct DemoMeter: Sendable {
    public enum Source: Sendable, Equatable {
        case main, circuit(CityHall.Circuit), mainWater, zoneWater, storage, ups
        /// The incomer of another building of the portfolio (`CityHall.annexPowerKW`).
        case annex(scale: Double, driftPerYear: Double)
    }
    /// The loopback TCP gateway, or the RS-485 bus on a pseudo-terminal pair.
    public enum Bus: String, Sendable { case gateway, rs485 }

    public var id: String
    public var en: String
    public var zh: String
    public var category: MeterCategory
    public var profile: String
    public var bus: Bus
    public var unit: Int
    public var tags: [String]
    public var source: Source
    /// The counter the backfill writes, with its value at the backfill's start.
    public var counter: (quantity: Quantity, initial: Double)?
    /// The building it is in (`DemoSite.buildings`).
    public var site = "city-hall"
}
