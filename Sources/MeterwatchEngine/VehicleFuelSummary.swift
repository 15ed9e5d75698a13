import MeterwatchCore
import MeterwatchStore

/// Litres, spend and distance per vehicle over a period.
public struct VehicleFuelSummary: Codable, Sendable, Equatable {
    public var vehicle: String
    public var refuels: Int
    public var litres: Double
    public var petrolLitres: Double
    public var dieselLitres: Double
    public var amount: Double?
    /// Odometer distance between the first and last refuel of the period.
    public var distanceKm: Double?
    /// Full-to-full method: distance ÷ the litres of every refuel after the first.
    public var kmPerLitre: Double?

    enum CodingKeys: String, CodingKey {
        case vehicle, refuels, litres, amount
        case petrolLitres = "petrol_litres", dieselLitres = "diesel_litres", distanceKm = "distance_km", kmPerLitre = "km_per_litre"
    }

    public static func summarize(_ refuels: [Refuel]) -> [VehicleFuelSummary] {
        Dictionary(grouping: refuels, by: \.vehicle).keys.sorted().map { v in
            let list = refuels.filter { $0.vehicle == v }.sorted { ($0.day, $0.odometer ?? 0) < ($1.day, $1.odometer ?? 0) }
            let amounts = list.compactMap(\.amount)
            var s = VehicleFuelSummary(
                vehicle: v, refuels: list.count, litres: CompensatedSum(list.map(\.litres)).value,
                petrolLitres: CompensatedSum(list.filter { $0.fuel == .petrol }.map(\.litres)).value,
                dieselLitres: CompensatedSum(list.filter { $0.fuel == .diesel }.map(\.litres)).value,
                amount: amounts.isEmpty ? nil : CompensatedSum(amounts).value)
            let withOdo = list.filter { $0.odometer != nil }
            if withOdo.count >= 2, let first = withOdo.first?.odometer, let last = withOdo.last?.odometer, last > first {
                s.distanceKm = last - first
                let litresAfterFirst = CompensatedSum(withOdo.dropFirst().map(\.litres)).value
                if litresAfterFirst > 0 { s.kmPerLitre = (last - first) / litresAfterFirst }
            }
            return s
        }
    }
}
