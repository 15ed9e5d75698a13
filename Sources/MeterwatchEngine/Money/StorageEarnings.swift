/// What a storage system saved a billed meter in a period: the bill without it (the import plus the
/// storage's discharge, minus its charge) against the bill with it, split into peak shaving (the
/// over-contract charges it avoided), time-of-use arbitrage (energy discharged at the prices of the
/// hours it ran, against the average price it was charged at) and losses (energy charged and never
/// returned, at that price). The parts add up to the difference of the two bills, with the power-factor
/// adjustment's change as `other`.
public struct StorageEarnings: Sendable, Codable {
    public var withStorage: Double
    public var withoutStorage: Double
    public var peakShaving: Double
    public var arbitrage: Double
    public var losses: Double
    public var other: Double
    public var dischargedKWh: Double
    public var chargedKWh: Double
    /// The highest demand of the dearest period (peak in summer, half-peak otherwise) without and with storage.
    public var peakWithout: Double
    public var peakWith: Double

    public var total: Double { withoutStorage - withStorage }

    enum CodingKeys: String, CodingKey {
        case withStorage = "with_storage", withoutStorage = "without_storage", peakShaving = "peak_shaving", arbitrage, losses, other,
            dischargedKWh = "discharged_kwh", chargedKWh = "charged_kwh", peakWithout = "peak_without_kw", peakWith = "peak_with_kw"
    }
}

extension StorageEarnings {
    /// Months added up: NT$ and kWh summed, the peaks the highest of the months.
    public static func sum(_ months: [StorageEarnings]) -> StorageEarnings? {
        guard var total = months.first else { return nil }
        for m in months.dropFirst() {
            total.withStorage += m.withStorage
            total.withoutStorage += m.withoutStorage
            total.peakShaving += m.peakShaving
            total.arbitrage += m.arbitrage
            total.losses += m.losses
            total.other += m.other
            total.dischargedKWh += m.dischargedKWh
            total.chargedKWh += m.chargedKWh
            total.peakWithout = max(total.peakWithout, m.peakWithout)
            total.peakWith = max(total.peakWith, m.peakWith)
        }
        return total
    }
}
