import Foundation
import MeterwatchCore

/// Student's t distribution: the quantile from the regularized incomplete beta function.
public enum StudentT {
    /// P(T ≤ x) for `dof` degrees of freedom.
    public static func cdf(_ x: Double, degreesOfFreedom v: Double) -> Double {
        let ib = incompleteBeta(v / (v + x * x), a: v / 2, b: 0.5)
        return x >= 0 ? 1 - ib / 2 : ib / 2
    }

    /// The x with cdf(x) = p, by bisection to full double precision.
    public static func quantile(_ p: Double, degreesOfFreedom v: Double) -> Double {
        var lo = -1000.0
        var hi = 1000.0
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
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-16 { break }
        }
        return h
    }
}
