import Foundation
import GRDB
import MeterwatchCore

/// One refuel of an official vehicle, as imported from a fuel log.
public struct Refuel: Hashable, Sendable, Codable {
    public enum Fuel: String, Sendable, Codable { case petrol, diesel }
    public var day: CivilDate
    public var vehicle: String
    public var fuel: Fuel
    public var litres: Double
    public var amount: Double?
    public var odometer: Double?
    public var station: String?
    public init(
        day: CivilDate, vehicle: String, fuel: Fuel, litres: Double, amount: Double? = nil, odometer: Double? = nil, station: String? = nil
    ) {
        self.day = day
        self.vehicle = vehicle
        self.fuel = fuel
        self.litres = litres
        self.amount = amount
        self.odometer = odometer
        self.station = station
    }

    /// The refuel's duplicate key: the same vehicle, day and litres is the same refuel.
    public var dedupeKey: String { "\(vehicle)|\(day)|\(litres)" }
}
