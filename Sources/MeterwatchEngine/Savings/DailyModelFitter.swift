import Foundation

/// The CalTRACK 2.x daily method: every candidate (intercept-only, heating-only, cooling-only,
/// heating and cooling) on a grid of balance points, non-negative coefficients, balance points with
/// enough degree days, best adjusted R² (ties: the first in that order).
public enum DailyModelFitter {
    /// Daily data (OLS) or billing periods (WLS weighted by days, CalTRACK 3.4.2).
    public enum Frequency: String, Sendable, Codable { case daily, billing }

    public struct Options: Sendable {
        public var unit: TemperatureUnit
        public var grid: [Double]
        public var frequency: Frequency
        /// Periods with a non-zero degree-day value needed for a balance point (daily only).
        public var minimumDegreeDayDays: Int
        /// Total degree days (Σ days × degree days per day) needed for a balance point.
        public var minimumTotalDegreeDays: Double
        /// Daily data: consider one model per day type (`DayTypeFitter`) when the days carry one.
        public var splitDayTypes: Bool
        public init(unit: TemperatureUnit, grid: [Double]? = nil, frequency: Frequency = .daily, splitDayTypes: Bool = true) {
            self.unit = unit
            self.grid = grid ?? unit.defaultGrid
            self.frequency = frequency
            self.splitDayTypes = splitDayTypes
            minimumDegreeDayDays = frequency == .daily ? 10 : 0
            minimumTotalDegreeDays = unit.minimumTotalDegreeDays
        }
    }

    public struct Fit: Sendable {
        public var model: DailyModel
        public var candidates: Int
    }

    static func heatingDegreeDays(_ ts: [Double], _ bp: Double) -> Double {
        var s = 0.0
        for t in ts { s += max(bp - t, 0) }
        return s / Double(ts.count)
    }

    static func coolingDegreeDays(_ ts: [Double], _ bp: Double) -> Double {
        var s = 0.0
        for t in ts { s += max(t - bp, 0) }
        return s / Double(ts.count)
    }

    /// Fits on the days where both usage and temperature are known.
    public static func fit(_ days: [DailyObservation], options: Options) -> Fit? {
        fit(periods: days.compactMap(ModelPeriod.init), options: options)
    }

    public static func fit(usage y: [Double], temperature t: [Double], options: Options) -> Fit? {
        fit(periods: zip(y, t).map { ModelPeriod(start: "", days: 1, usage: $0, temperatures: [$1]) }, options: options)
    }

    /// Fits usage per day against period-averaged degree days, weighted by the periods' days.
    /// Periods without a temperature are skipped.
    public static func fit(periods: [ModelPeriod], options: Options) -> Fit? {
        let periods = periods.filter { !$0.temperatures.isEmpty && $0.days > 0 && $0.usage.isFinite }
        let n = periods.count
        guard n >= 3 else { return nil }
        let y = periods.map(\.usagePerDay)
        let w = periods.map { Double($0.days) }
        let sw = w.reduce(0, +)
        var sy = 0.0
        for k in 0..<n { sy += w[k] * y[k] }
        let mean = sy / sw
        var ssTot = 0.0
        for k in 0..<n { ssTot += w[k] * (y[k] - mean) * (y[k] - mean) }
        var best = DailyModel(kind: .interceptOnly, intercept: mean, adjustedR2: 0, r2: 0, unit: options.unit)
        var candidates = 1
        let hdd = options.grid.map { bp in periods.map { heatingDegreeDays($0.temperatures, bp) } }
        let cdd = options.grid.map { bp in periods.map { coolingDegreeDays($0.temperatures, bp) } }
        func sufficient(_ d: [Double]) -> Bool {
            var nonZero = 0
            var total = 0.0
            for k in 0..<n where d[k] > 0 {
                nonZero += 1
                total += d[k] * w[k]
            }
            return nonZero >= options.minimumDegreeDayDays && total >= options.minimumTotalDegreeDays
        }
        let hOK = hdd.map(sufficient)
        let cOK = cdd.map(sufficient)
        func consider(_ m: DailyModel) {
            candidates += 1
            if m.adjustedR2 > best.adjustedR2 { best = m }
        }
        for (i, bp) in options.grid.enumerated() where hOK[i] {
            if let (b, r2, r2a) = ols(y, w, [hdd[i]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                consider(
                    DailyModel(
                        kind: .heatingOnly, intercept: b[0], heatingSlope: b[1], heatingBalancePoint: bp, adjustedR2: r2a, r2: r2,
                        unit: options.unit))
            }
        }
        for (i, bp) in options.grid.enumerated() where cOK[i] {
            if let (b, r2, r2a) = ols(y, w, [cdd[i]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                consider(
                    DailyModel(
                        kind: .coolingOnly, intercept: b[0], coolingSlope: b[1], coolingBalancePoint: bp, adjustedR2: r2a, r2: r2,
                        unit: options.unit))
            }
        }
        for (c, cbp) in options.grid.enumerated() where cOK[c] {
            for (h, hbp) in options.grid.enumerated() where hbp <= cbp && hOK[h] {
                if let (b, r2, r2a) = ols(y, w, [hdd[h], cdd[c]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                    consider(
                        DailyModel(
                            kind: .heatingAndCooling, intercept: b[0], heatingSlope: b[1], heatingBalancePoint: hbp,
                            coolingSlope: b[2], coolingBalancePoint: cbp, adjustedR2: r2a, r2: r2, unit: options.unit))
                }
            }
        }
        return Fit(model: best, candidates: candidates)
    }

    /// Weighted least squares with an intercept, solved from centred normal equations (at most
    /// two regressors, so the 2×2 system is solved exactly by Cramer's rule). With unit weights
    /// this is OLS, bit for bit (× 1.0 is exact). Returns coefficients [μ, β…], R² and adjusted R²
    /// (n = number of observations, as statsmodels' WLS reports it).
    static func ols(_ y: [Double], _ w: [Double], _ xs: [[Double]], ssTot: Double) -> ([Double], Double, Double)? {
        let n = Double(y.count)
        let sw = w.reduce(0, +)
        var my = 0.0
        for k in 0..<y.count { my += w[k] * y[k] }
        my /= sw
        let mx = xs.map { x in
            var s = 0.0
            for k in 0..<y.count { s += w[k] * x[k] }
            return s / sw
        }
        var sxx = [[Double]](repeating: [Double](repeating: 0, count: xs.count), count: xs.count)
        var sxy = [Double](repeating: 0, count: xs.count)
        for k in 0..<y.count {
            let dy = y[k] - my
            for i in xs.indices {
                let di = w[k] * (xs[i][k] - mx[i])
                sxy[i] += di * dy
                for j in i..<xs.count { sxx[i][j] += di * (xs[j][k] - mx[j]) }
            }
        }
        var beta: [Double]
        if xs.count == 1 {
            guard sxx[0][0] > 0 else { return nil }
            beta = [sxy[0] / sxx[0][0]]
        } else {
            let a = sxx[0][0]
            let b = sxx[0][1]
            let d = sxx[1][1]
            let det = a * d - b * b
            guard det > 0, det > 1e-12 * a * d else { return nil }
            beta = [(d * sxy[0] - b * sxy[1]) / det, (a * sxy[1] - b * sxy[0]) / det]
        }
        let intercept = my - zip(beta, mx).reduce(0) { $0 + $1.0 * $1.1 }
        var ssRes = 0.0
        for k in 0..<y.count {
            var pred = intercept
            for i in xs.indices { pred += beta[i] * xs[i][k] }
            ssRes += w[k] * (y[k] - pred) * (y[k] - pred)
        }
        let p = Double(xs.count + 1)
        let r2 = 1 - ssRes / ssTot
        let r2a = 1 - (ssRes / (n - p)) / (ssTot / (n - 1))
        return ([intercept] + beta, r2, r2a)
    }
}
