import Foundation
import MeterwatchCore

/// The savings uncertainty ΔE_save = t · K(M) · CV · Ê_reporting · √((n/n')(1 + 2/n')/m).
public struct SavingsUncertainty: Sendable, Hashable, Codable {
    public var t: Double
    public var k: Double
    public var months: Double
    public var absolute: Double
    public var fractional: Double?

    public enum Frequency: Sendable { case hourly, daily, billing }

    /// K: Guideline 14's 1.26 for hourly data; Sun & Baltazar (2013) polynomial in the number of
    /// reporting months M for daily and monthly data.
    public static func kFactor(months m: Double, frequency: Frequency) -> Double {
        let (a, b, d): (Double, Double, Double)
        switch frequency {
        case .hourly: return 1.26
        case .daily: (a, b, d) = (-0.00024, 0.03535, 1.00286)
        case .billing: (a, b, d) = (-0.00022, 0.03306, 0.94054)
        }
        return a * m * m + b * m + d
    }

    /// - Parameters:
    ///   - months: M, counted as distinct month numbers in the reporting data (opendsm's rule).
    ///   - confidence: two-sided; CalTRACK reports 90 %.
    public init(
        statistics s: BaselineFitStatistics, predictedReporting: Double, reportingPoints m: Int, months: Double,
        savings: Double?, confidence: Double = 0.90, frequency: Frequency = .daily
    ) {
        t = StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(s.n - s.parameters))
        k = Self.kFactor(months: months, frequency: frequency)
        self.months = months
        let nPrime = max(s.effectiveN, 1)  // guard: opendsm clamps n' ≥ 1
        absolute = t * k * s.cvrmse * predictedReporting * ((Double(s.n) / nPrime) * (1 + 2 / nPrime) / Double(m)).squareRoot()
        fractional = savings.flatMap { $0 == 0 ? nil : absolute / $0 }
    }
}
