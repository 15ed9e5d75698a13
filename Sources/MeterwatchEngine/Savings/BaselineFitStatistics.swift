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
    enum CodingKeys: String, CodingKey {
        case n, parameters, cvrmse, nmbe, r2, rho1, rmseAdjusted = "rmse_adjusted", effectiveN = "effective_n"
    }

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
        let ma = a.reduce(0, +) / n
        let mb = b.reduce(0, +) / n
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return sab / (saa * sbb).squareRoot()
    }
}
