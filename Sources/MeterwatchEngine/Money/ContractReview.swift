import MeterwatchTariffs

/// The contracts in force against the cheapest ones over a history of months: NT$ a year, the
/// months that pay an excess, the cost curve, and the same under a hotter year.
public struct ContractReview: Sendable {
    public struct MonthCost: Sendable, Codable {
        public var month: String
        public var currentExcess: Double
        public var recommendedExcess: Double

        enum CodingKeys: String, CodingKey {
            case month, currentExcess = "current_excess", recommendedExcess = "recommended_excess"
        }
    }

    public var meter: String
    public var months: [String]
    public var current: Contracts
    public var currentCost: (basic: Double, excess: Double)
    public var recommended: ContractOptimiser.Result
    public var byMonth: [MonthCost]
    /// Annual cost with the regular contract at each kW (the other contracts as recommended).
    public var curve: [(regularKW: Int, cost: Double)]
    /// Demand grown by `growth` (0.05: +5 %): the recommended contracts' cost then, and the optimum then.
    public var growth: Double
    public var recommendedUnderGrowth: Double
    public var optimumUnderGrowth: ContractOptimiser.Result
    /// With storage behind the meter: the optimum were its discharge not there (the contracts it saves).
    public var withoutStorage: ContractOptimiser.Result?
    /// Scaled to a year when the history is shorter or longer.
    public var yearFactor: Double
}

extension ContractReview: Encodable {
    enum CodingKeys: String, CodingKey {
        case meter, months, current, currentCost = "current_cost", recommended, recommendedCost = "recommended_cost"
        case savingPerYear = "saving_per_year", byMonth = "by_month", growthPercent = "growth_percent"
        case recommendedCostUnderGrowth = "recommended_cost_under_growth", optimumUnderGrowth = "optimum_under_growth"
        case optimumCostUnderGrowth = "optimum_cost_under_growth", withoutStorage = "without_storage"
        case withoutStorageCost = "without_storage_cost", curve
    }

    /// Costs over the months reviewed; `saving_per_year` scaled to twelve months; `curve` as
    /// `[regular kW, cost]` pairs.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let current = currentCost.basic + currentCost.excess
        try c.encode(meter, forKey: .meter)
        try c.encode(months, forKey: .months)
        try c.encode(self.current, forKey: .current)
        try c.encode(current, forKey: .currentCost)
        try c.encode(recommended.contracts, forKey: .recommended)
        try c.encode(recommended.cost, forKey: .recommendedCost)
        try c.encode((current - recommended.cost) * yearFactor, forKey: .savingPerYear)
        try c.encode(byMonth, forKey: .byMonth)
        try c.encode(growth * 100, forKey: .growthPercent)
        try c.encode(recommendedUnderGrowth, forKey: .recommendedCostUnderGrowth)
        try c.encode(optimumUnderGrowth.contracts, forKey: .optimumUnderGrowth)
        try c.encode(optimumUnderGrowth.cost, forKey: .optimumCostUnderGrowth)
        try c.encodeIfPresent(withoutStorage?.contracts, forKey: .withoutStorage)
        try c.encodeIfPresent(withoutStorage?.cost, forKey: .withoutStorageCost)
        try c.encode(curve.map { [Double($0.regularKW), $0.cost] }, forKey: .curve)
    }
}
