import Foundation
import MeterwatchCore

/// Goodness of fit and savings uncertainty per ASHRAE Guideline 14-2014 (Annex B, as CalTRACK
/// 4.3.2.4 adopts it).
public struct BaselineFitStatistics: Sendable, Hashable, Codable {
    public var n: Int
    public var parameters: Int
    /// RMSE with n − p degrees of freedom.
    public var rmseAdjusted: Double
    /// CV(RMSE) = RMSE(n − p) / mean usage.
    public var cvrmse: Double
    /// NMBE = Σ residuals / ((n − p) · mean usage).
    public var nmbe: Double
    public var r2: Double
    /// Lag-1 autocorrelation of the residuals.
    public var rho1: Double
    /// Effective number of points n' = n (1 − ρ) / (1 + ρ).
    public var effectiveN: Double
    enum CodingKeys: String, CodingKey { case n, parameters, cvrmse, nmbe, r2, rho1, rmseAdjusted = "rmse_adjusted", effectiveN = "effective_n" }

    /// Calibration limits: Guideline 14's monthly figures for bills (CV(RMSE) ≤ 15 %, |NMBE| ≤ 5 %);
    /// for daily models, which the guideline does not cover, our documented policy of
    /// CV(RMSE) ≤ 25 % and |NMBE| ≤ 10 % (its hourly limits, tightened for CV).
    public func meetsGuideline14(_ frequency: DailyModelFitter.Frequency) -> Bool {
        let (cv, bias) = frequency == .daily ? (0.25, 0.10) : (0.15, 0.05)
        return cvrmse <= cv && abs(nmbe) <= bias
    }

    public init(observed y: [Double], predicted yhat: [Double], parameters p: Int) {
        n = y.count
        parameters = p
        let resid = zip(y, yhat).map { $0 - $1 }
        let mean = y.reduce(0, +) / Double(n)
        let ssRes = resid.reduce(0) { $0 + $1 * $1 }
        rmseAdjusted = (ssRes / Double(n - p)).squareRoot()
        cvrmse = rmseAdjusted / mean
        nmbe = resid.reduce(0, +) / Double(n - p) / mean
        let ssTot = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        r2 = 1 - ssRes / ssTot
        rho1 = Self.pearson(Array(resid.dropFirst()), Array(resid.dropLast()))
        effectiveN = Double(n) * (1 - rho1) / (1 + rho1)
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }
}

/// The savings uncertainty ΔE_save = t · K(M) · CV · Ê_reporting · √((n/n')(1 + 2/n')/m).
public struct SavingsUncertainty: Sendable, Hashable, Codable {
    public var t: Double
    public var k: Double
    public var months: Double
    public var absolute: Double
    public var fractional: Double?

    public enum Frequency: Sendable { case daily, billing }

    /// K: Sun & Baltazar (2013) polynomial in the number of reporting months M.
    public static func kFactor(months m: Double, frequency: Frequency) -> Double {
        let (a, b, d) = frequency == .daily ? (-0.00024, 0.03535, 1.00286) : (-0.00022, 0.03306, 0.94054)
        return a * m * m + b * m + d
    }

    /// - Parameters:
    ///   - months: M, counted as distinct month numbers in the reporting data (opendsm's rule).
    ///   - confidence: two-sided; CalTRACK reports 90 %.
    public init(statistics s: BaselineFitStatistics, predictedReporting: Double, reportingPoints m: Int, months: Double,
                savings: Double?, confidence: Double = 0.90, frequency: Frequency = .daily) {
        t = StudentT.quantile(1 - (1 - confidence) / 2, degreesOfFreedom: Double(s.n - s.parameters))
        k = Self.kFactor(months: months, frequency: frequency)
        self.months = months
        let nPrime = max(s.effectiveN, 1)       // guard: opendsm clamps n' ≥ 1
        absolute = t * k * s.cvrmse * predictedReporting * ((Double(s.n) / nPrime) * (1 + 2 / nPrime) / Double(m)).squareRoot()
        fractional = savings.flatMap { $0 == 0 ? nil : absolute / $0 }
    }
}

/// Student's t distribution: the quantile from the regularized incomplete beta function.
public enum StudentT {
    /// P(T ≤ x) for `dof` degrees of freedom.
    public static func cdf(_ x: Double, degreesOfFreedom v: Double) -> Double {
        let ib = incompleteBeta(v / (v + x * x), a: v / 2, b: 0.5)
        return x >= 0 ? 1 - ib / 2 : ib / 2
    }

    /// The x with cdf(x) = p, by bisection to full double precision.
    public static func quantile(_ p: Double, degreesOfFreedom v: Double) -> Double {
        var lo = -1000.0, hi = 1000.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid, degreesOfFreedom: v) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Regularized incomplete beta I_x(a, b) (continued fraction, Numerical Recipes §6.4).
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let lnPowers: Double = a * log(x) + b * log(1 - x)
        let lnFront = lnGammas + lnPowers
        if x < (a + 1) / (a + b + 2) {
            return exp(lnFront) * continuedFraction(x, a, b) / a
        }
        return 1 - exp(lnFront) * continuedFraction(1 - x, b, a) / b
    }

    static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return h
    }
}

/// Avoided energy use over a reporting period: the baseline model's counterfactual minus metered.
public struct AvoidedEnergyUse: Sendable, Codable {
    public var model: DailyModel
    public var candidates: Int
    public var baseline: BaselineFitStatistics
    public var baselineDays: Int
    public var reportingDays: Int
    public var baselineObserved: Double
    public var reportingPredicted: Double
    public var reportingObserved: Double
    public var savings: Double
    public var savingsPercent: Double
    public var uncertainty: SavingsUncertainty

    /// Fits on `baseline` days and projects into `reporting` days (only days with both values).
    public static func compute(baseline: [DailyObservation], reporting: [DailyObservation],
                               options: DailyModelFitter.Options, confidence: Double = 0.90) -> AvoidedEnergyUse? {
        compute(baseline: baseline.compactMap(ModelPeriod.init), reporting: reporting.compactMap(ModelPeriod.init),
                options: options, confidence: confidence)
    }

    /// Fits on `baseline` periods (days or bills) and projects into `reporting` periods.
    ///
    /// Statistics are computed on usage per day of each period (n = periods); the uncertainty
    /// uses m = reporting periods and M = the distinct month numbers the reporting days touch
    /// (opendsm's rule), with the daily or billing K polynomial.
    public static func compute(baseline: [ModelPeriod], reporting: [ModelPeriod],
                               options: DailyModelFitter.Options, confidence: Double = 0.90) -> AvoidedEnergyUse? {
        let base = baseline.filter { !$0.temperatures.isEmpty }
        let rep = reporting.filter { !$0.temperatures.isEmpty }
        guard let fit = DailyModelFitter.fit(periods: base, options: options), !rep.isEmpty else { return nil }
        let y = base.map(\.usagePerDay)
        let yhat = base.map { fit.model.predictPerDay(temperatures: $0.temperatures) }
        let stats = BaselineFitStatistics(observed: y, predicted: yhat, parameters: fit.model.parameterCount)
        var predicted = 0.0, observed = 0.0, baseObserved = 0.0
        for p in base { baseObserved += p.usage }
        for p in rep { predicted += fit.model.predict(p); observed += p.usage }
        let savings = predicted - observed
        let months = Double(Set(rep.flatMap { Self.months($0) }).count)
        let unc = SavingsUncertainty(statistics: stats, predictedReporting: predicted, reportingPoints: rep.count,
                                     months: months, savings: savings, confidence: confidence,
                                     frequency: options.frequency == .daily ? .daily : .billing)
        return AvoidedEnergyUse(model: fit.model, candidates: fit.candidates, baseline: stats,
                                baselineDays: base.reduce(0) { $0 + $1.days }, reportingDays: rep.reduce(0) { $0 + $1.days },
                                baselineObserved: baseObserved, reportingPredicted: predicted,
                                reportingObserved: observed, savings: savings, savingsPercent: savings / predicted * 100, uncertainty: unc)
    }

    /// Month numbers (1–12) of a period's days.
    static func months(_ p: ModelPeriod) -> Set<Int> {
        guard p.days > 1, let start = TimeParser.parseDate(p.start, allowROC: false) else { return [Int(p.start.dropFirst(5).prefix(2)) ?? 0] }
        return Set((0..<p.days).map { start.adding(days: $0).month })
    }
}
