/// One line of a bill: what is charged, on how much, at what price, and NT$ (exact; rounded only
/// when shown).
public struct BillLine: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A contract's basic charge (基本電費): kW × price per kW·month × the segment's share of the month.
        case basic
        /// The Saturday and off-peak contracts beyond half the regular and half-peak ones (the 50 % rule).
        case basicSaturdayOffPeak = "basic_saturday_off_peak"
        /// Energy in one period (流動電費): kWh × price.
        case energy
        /// Demand over the contracts in one period (超約附加費), at × 2 or × 3.
        case overContract = "over_contract"
        /// A month without any use pays part of its basic charge: the rest comes off here.
        case noUse = "no_use"
        /// The power-factor adjustment (功率因數調整) on basic and energy charges.
        case powerFactor = "power_factor"
    }

    public var kind: Kind
    /// The segment of the month it belongs to (a month split by a season, tariff or contract change).
    public var segment: Int
    public var contract: ContractKind?
    public var period: TOUPeriod?
    /// For over-contract lines: 2 or 3.
    public var multiplier: Double?
    /// kW, kWh, or a percentage (power factor).
    public var quantity: Double
    public var unit: String
    /// NT$ per kW·month, per kWh, or the share of the bill.
    public var price: Double
    /// The segment's share of the month (days / days of the month) where a monthly price is prorated.
    public var share: Double
    public var amount: Double

    public init(
        kind: Kind, segment: Int, contract: ContractKind? = nil, period: TOUPeriod? = nil, multiplier: Double? = nil, quantity: Double,
        unit: String, price: Double, share: Double = 1, amount: Double
    ) {
        self.kind = kind
        self.segment = segment
        self.contract = contract
        self.period = period
        self.multiplier = multiplier
        self.quantity = quantity
        self.unit = unit
        self.price = price
        self.share = share
        self.amount = amount
    }
}
