import MeterwatchCore
import MeterwatchTariffs

/// A utility bill as imported (its period, kWh and NT$) against the reconstruction of the same
/// days, with the likeliest cause of a difference.
public struct ShadowBill: Sendable, Encodable {
    public enum Cause: Sendable, Encodable, Equatable {
        /// They agree within NT$1 or 0.1 %.
        case agrees
        /// The reconstruction lacks quarter hours: its total is not the period's.
        case missingData(coverage: Double)
        /// The energy differs: metering, or readings missing from the store.
        case energyDiffers(billedKWh: Double, measuredKWh: Double)
        /// The difference is a whole number of kW at the regular basic price: the contract configured
        /// is not the one billed.
        case contract(kW: Int)
        /// The energy agrees and no contract explains it: the tariff (a revision, a price) differs.
        case tariff
    }

    public var from: CivilDate
    public var to: CivilDate
    /// The kWh the utility billed (the same period's interval total), when imported.
    public var billedKWh: Double?
    public var billedAmount: Double
    public var reconstructed: Bill
    public var cause: Cause

    public var difference: Double { billedAmount - reconstructed.total }

    enum CodingKeys: String, CodingKey {
        case from, to, cause, difference, reconstructed, billedKWh = "billed_kwh", billedAmount = "billed_amount"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encodeIfPresent(billedKWh, forKey: .billedKWh)
        try c.encode(billedAmount, forKey: .billedAmount)
        try c.encode(reconstructed, forKey: .reconstructed)
        try c.encode(difference, forKey: .difference)
        try c.encode(cause, forKey: .cause)
    }
}

extension ShadowBill.Cause {
    enum Keys: String, CodingKey { case kind, coverage, kw, billedKWh = "billed_kwh", measuredKWh = "measured_kwh" }

    /// `{"kind": "contract", "kw": 40}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .agrees: try c.encode("agrees", forKey: .kind)
        case .missingData(let coverage):
            try c.encode("missing_data", forKey: .kind)
            try c.encode(coverage, forKey: .coverage)
        case let .energyDiffers(billed, measured):
            try c.encode("energy_differs", forKey: .kind)
            try c.encode(billed, forKey: .billedKWh)
            try c.encode(measured, forKey: .measuredKWh)
        case .contract(let kW):
            try c.encode("contract", forKey: .kind)
            try c.encode(kW, forKey: .kw)
        case .tariff: try c.encode("tariff", forKey: .kind)
        }
    }
}
