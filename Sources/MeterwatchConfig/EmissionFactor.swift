import MeterwatchCore

/// A grid emission factor (kgCO2e per kWh) for one year, with where it was published.
public struct EmissionFactor: Hashable, Sendable, Codable {
    public var year: Int
    public var kgCO2ePerKWh: Double
    public var source: String
    public init(year: Int, kgCO2ePerKWh: Double, source: String) {
        self.year = year
        self.kgCO2ePerKWh = kgCO2ePerKWh
        self.source = source
    }

    /// Taiwan's grid factors as published by the MOEA Energy Administration (經濟部能源署).
    public static let taiwan: [EmissionFactor] = [
        EmissionFactor(year: 2017, kgCO2ePerKWh: 0.554, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2018, kgCO2ePerKWh: 0.533, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2019, kgCO2ePerKWh: 0.509, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2020, kgCO2ePerKWh: 0.502, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2021, kgCO2ePerKWh: 0.509, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2022, kgCO2ePerKWh: 0.495, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2023, kgCO2ePerKWh: 0.494, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration), 2024-04-26"),
    ]
}
