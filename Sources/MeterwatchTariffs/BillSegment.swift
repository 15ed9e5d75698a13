import MeterwatchCore

/// Days of a month billed alike: one tariff revision, one season, one set of contracts. A month
/// that crosses 16 May, 16 October, a tariff revision or a contract change has two or more.
public struct BillSegment: Sendable, Hashable, Codable {
    public var firstDay: CivilDate
    public var lastDay: CivilDate
    public var tariff: String
    public var tariffEffective: CivilDate
    public var season: Season
    public var contracts: Contracts
    /// Its days over the month's: monthly prices (basic, over-contract) are prorated by it.
    public var share: Double
    public var energyKWh: [TOUPeriod: Double]
    /// Each period's maximum 15-minute demand and when its quarter started.
    public var maxDemand: [TOUPeriod: PeakDemand]
    public var overContract: [OverContract.Step]

    public var days: Int { lastDay.daysSinceEpoch - firstDay.daysSinceEpoch + 1 }

    public init(
        firstDay: CivilDate, lastDay: CivilDate, tariff: String, tariffEffective: CivilDate, season: Season, contracts: Contracts,
        share: Double, energyKWh: [TOUPeriod: Double], maxDemand: [TOUPeriod: PeakDemand], overContract: [OverContract.Step]
    ) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.tariff = tariff
        self.tariffEffective = tariffEffective
        self.season = season
        self.contracts = contracts
        self.share = share
        self.energyKWh = energyKWh
        self.maxDemand = maxDemand
        self.overContract = overContract
    }

    enum CodingKeys: String, CodingKey {
        case firstDay = "first_day", lastDay = "last_day", tariff, tariffEffective = "tariff_effective", season, contracts, share,
            energyKWh = "energy_kwh", maxDemand = "max_demand", overContract = "over_contract"
    }
}

/// A period's highest 15-minute demand.
public struct PeakDemand: Sendable, Hashable, Codable {
    public var kW: Double
    /// The quarter's start, UTC milliseconds.
    public var at: Int64

    public init(kW: Double, at: Int64) {
        self.kW = kW
        self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case kW = "kw", at
    }
}
