/// What a meter measures. Each category has a main consumption quantity used by comparisons.
public enum MeterCategory: String, Sendable, Codable, CaseIterable {
    case electricity, water, fuel, ups, storage, temperature

    public var mainQuantity: Quantity {
        switch self {
        case .electricity, .ups: .energyImport
        case .water: .volume
        case .fuel: .fuelVolume
        case .storage: .storageEnergyDischarged
        case .temperature: .temperature
        }
    }
}
