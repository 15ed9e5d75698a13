import Foundation

/// A fitted CalTRACK daily model: usage per day = μ + β_H·HDD(bp_H) + β_C·CDD(bp_C).
public struct DailyModel: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case interceptOnly = "intercept_only", heatingOnly = "hdd_only", coolingOnly = "cdd_only", heatingAndCooling = "hdd_cdd"
    }
    public var kind: Kind
    public var intercept: Double
    public var heatingSlope: Double?
    public var heatingBalancePoint: Double?
    public var coolingSlope: Double?
    public var coolingBalancePoint: Double?
    public var adjustedR2: Double
    public var r2: Double
    public var unit: TemperatureUnit
    enum CodingKeys: String, CodingKey {
        case kind, intercept, r2, unit
        case heatingSlope = "heating_slope", heatingBalancePoint = "heating_balance_point", coolingSlope = "cooling_slope"
        case coolingBalancePoint = "cooling_balance_point", adjustedR2 = "adjusted_r2"
    }
    /// Parameters including the intercept (p in Guideline 14).
    public var parameterCount: Int {
        switch kind {
        case .interceptOnly: 1
        case .heatingOnly, .coolingOnly: 2
        case .heatingAndCooling: 3
        }
    }

    public func predict(temperature t: Double) -> Double {
        var y = intercept
        if let b = heatingSlope, let bp = heatingBalancePoint { y += b * max(bp - t, 0) }
        if let b = coolingSlope, let bp = coolingBalancePoint { y += b * max(t - bp, 0) }
        return y
    }

    /// Usage per day over a period: the degree days averaged over its days, as in the fit.
    public func predictPerDay(temperatures ts: [Double]) -> Double {
        var y = intercept
        if let b = heatingSlope, let bp = heatingBalancePoint { y += b * DailyModelFitter.heatingDegreeDays(ts, bp) }
        if let b = coolingSlope, let bp = coolingBalancePoint { y += b * DailyModelFitter.coolingDegreeDays(ts, bp) }
        return y
    }

    /// The period's predicted total.
    public func predict(_ p: ModelPeriod) -> Double { predictPerDay(temperatures: p.temperatures) * Double(p.days) }
}
