/// The over-contract rule (超約), the same for bills and for the contract optimiser: each period's
/// maximum demand is held against the contracts serving it, minus the largest excess of the periods
/// before it (a kW is never charged twice); the excess is charged at the period's basic price × 2
/// for the part up to 10 % of those contracts and × 3 beyond.
public enum OverContract {
    /// One period's excess: kW over its allowance, the kW charged at each multiplier, and NT$.
    public struct Step: Sendable, Hashable, Codable {
        public var period: TOUPeriod
        public var allowanceKW: Int
        public var demandKW: Double
        public var excessKW: Double
        public var withinKW: Double
        public var beyondKW: Double
        public var price: Double
        public var amount: Double

        enum CodingKeys: String, CodingKey {
            case period, allowanceKW = "allowance_kw", demandKW = "demand_kw", excessKW = "excess_kw", withinKW = "within_kw", beyondKW =
                "beyond_kw", price, amount
        }
    }

    /// `levels` in ladder order: the period, its allowance (the sum of the contracts serving it), its
    /// maximum demand, and the basic price its excess is charged at.
    public static func steps(
        _ levels: [(period: TOUPeriod, allowanceKW: Int, demandKW: Double, price: Double)], within: Double, beyond: Double,
        threshold: Double
    ) -> [Step] {
        var before = 0.0
        var out: [Step] = []
        out.reserveCapacity(levels.count)
        for level in levels {
            let excess = max(0, level.demandKW - Double(level.allowanceKW) - before)
            let band = threshold * Double(level.allowanceKW)
            let inside = min(excess, band)
            let outside = max(0, excess - band)
            out.append(
                Step(
                    period: level.period, allowanceKW: level.allowanceKW, demandKW: level.demandKW, excessKW: excess, withinKW: inside,
                    beyondKW: outside, price: level.price, amount: level.price * (within * inside + beyond * outside)))
            before = max(before, excess)
        }
        return out
    }
}
