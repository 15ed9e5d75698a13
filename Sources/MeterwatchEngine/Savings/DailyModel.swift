import Foundation

/// Temperature scale of a model's balance points and degree days.
public enum TemperatureUnit: String, Sendable, Codable {
    case celsius = "C", fahrenheit = "F"

    /// CalTRACK's grid, 30–90 °F, in this unit.
    public var defaultGrid: [Double] {
        switch self {
        case .fahrenheit: stride(from: 30.0, through: 90.0, by: 1).map { $0 }
        // The °F grid converted point by point, so °C and °F fits are the same fit.
        case .celsius: stride(from: 30.0, through: 90.0, by: 1).map { ($0 - 32) * 5 / 9 }
        }
    }

    /// CalTRACK's minimum total degree days per balance point (20 °F·days).
    public var minimumTotalDegreeDays: Double { self == .fahrenheit ? 20 : 20 * 5 / 9 }
}

/// One day of the model's input: consumption and mean temperature; either may be missing.
public struct DailyObservation: Sendable, Hashable {
    public var day: String
    public var usage: Double?
    public var temperature: Double?
    public init(day: String, usage: Double?, temperature: Double?) { self.day = day; self.usage = usage; self.temperature = temperature }
}

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
    /// Parameters including the intercept (p in Guideline 14).
    public var parameterCount: Int {
        switch kind { case .interceptOnly: 1; case .heatingOnly, .coolingOnly: 2; case .heatingAndCooling: 3 }
    }

    public func predict(temperature t: Double) -> Double {
        var y = intercept
        if let b = heatingSlope, let bp = heatingBalancePoint { y += b * max(bp - t, 0) }
        if let b = coolingSlope, let bp = coolingBalancePoint { y += b * max(t - bp, 0) }
        return y
    }
}

/// The CalTRACK 2.x daily method: every candidate (intercept-only, heating-only, cooling-only,
/// heating and cooling) on a grid of balance points, non-negative coefficients, balance points with
/// enough degree days, best adjusted R² (ties: the first in that order).
public enum DailyModelFitter {
    public struct Options: Sendable {
        public var unit: TemperatureUnit
        public var grid: [Double]
        /// Days with a non-zero degree-day value needed for a balance point (unit-free).
        public var minimumDegreeDayDays = 10
        public var minimumTotalDegreeDays: Double
        public init(unit: TemperatureUnit, grid: [Double]? = nil) {
            self.unit = unit
            self.grid = grid ?? unit.defaultGrid
            minimumTotalDegreeDays = unit.minimumTotalDegreeDays
        }
    }

    public struct Fit: Sendable {
        public var model: DailyModel
        public var candidates: Int
    }

    /// Fits on the days where both usage and temperature are known.
    public static func fit(_ days: [DailyObservation], options: Options) -> Fit? {
        var y: [Double] = [], t: [Double] = []
        for d in days { if let u = d.usage, let tt = d.temperature, u.isFinite, tt.isFinite { y.append(u); t.append(tt) } }
        return fit(usage: y, temperature: t, options: options)
    }

    public static func fit(usage y: [Double], temperature t: [Double], options: Options) -> Fit? {
        let n = y.count
        guard n >= 3 else { return nil }
        let mean = y.reduce(0, +) / Double(n)
        let ssTot = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        var best = DailyModel(kind: .interceptOnly, intercept: mean, adjustedR2: 0, r2: 0, unit: options.unit)
        var candidates = 1
        let hdd = options.grid.map { bp in t.map { max(bp - $0, 0) } }
        let cdd = options.grid.map { bp in t.map { max($0 - bp, 0) } }
        func sufficient(_ d: [Double]) -> Bool {
            var nonZero = 0, total = 0.0
            for v in d where v > 0 { nonZero += 1; total += v }
            return nonZero >= options.minimumDegreeDayDays && total >= options.minimumTotalDegreeDays
        }
        let hOK = hdd.map(sufficient), cOK = cdd.map(sufficient)
        func consider(_ m: DailyModel) {
            candidates += 1
            if m.adjustedR2 > best.adjustedR2 { best = m }
        }
        for (i, bp) in options.grid.enumerated() where hOK[i] {
            if let (b, r2, r2a) = ols(y, [hdd[i]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                consider(DailyModel(kind: .heatingOnly, intercept: b[0], heatingSlope: b[1], heatingBalancePoint: bp, adjustedR2: r2a, r2: r2, unit: options.unit))
            }
        }
        for (i, bp) in options.grid.enumerated() where cOK[i] {
            if let (b, r2, r2a) = ols(y, [cdd[i]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                consider(DailyModel(kind: .coolingOnly, intercept: b[0], coolingSlope: b[1], coolingBalancePoint: bp, adjustedR2: r2a, r2: r2, unit: options.unit))
            }
        }
        for (c, cbp) in options.grid.enumerated() where cOK[c] {
            for (h, hbp) in options.grid.enumerated() where hbp <= cbp && hOK[h] {
                if let (b, r2, r2a) = ols(y, [hdd[h], cdd[c]], ssTot: ssTot), b.allSatisfy({ $0 >= 0 }) {
                    consider(DailyModel(kind: .heatingAndCooling, intercept: b[0], heatingSlope: b[1], heatingBalancePoint: hbp,
                                        coolingSlope: b[2], coolingBalancePoint: cbp, adjustedR2: r2a, r2: r2, unit: options.unit))
                }
            }
        }
        return Fit(model: best, candidates: candidates)
    }

    /// Ordinary least squares with an intercept, solved from centred normal equations (at most
    /// two regressors, so the 2×2 system is solved exactly by Cramer's rule).
    /// Returns coefficients [μ, β…], R² and adjusted R².
    static func ols(_ y: [Double], _ xs: [[Double]], ssTot: Double) -> ([Double], Double, Double)? {
        let n = Double(y.count)
        let my = y.reduce(0, +) / n
        let mx = xs.map { $0.reduce(0, +) / n }
        var sxx = [[Double]](repeating: [Double](repeating: 0, count: xs.count), count: xs.count)
        var sxy = [Double](repeating: 0, count: xs.count)
        for k in 0..<y.count {
            let dy = y[k] - my
            for i in xs.indices {
                let di = xs[i][k] - mx[i]
                sxy[i] += di * dy
                for j in i..<xs.count { sxx[i][j] += di * (xs[j][k] - mx[j]) }
            }
        }
        var beta: [Double]
        if xs.count == 1 {
            guard sxx[0][0] > 0 else { return nil }
            beta = [sxy[0] / sxx[0][0]]
        } else {
            let a = sxx[0][0], b = sxx[0][1], d = sxx[1][1]
            let det = a * d - b * b
            guard det > 0, det > 1e-12 * a * d else { return nil }
            beta = [(d * sxy[0] - b * sxy[1]) / det, (a * sxy[1] - b * sxy[0]) / det]
        }
        let intercept = my - zip(beta, mx).reduce(0) { $0 + $1.0 * $1.1 }
        var ssRes = 0.0
        for k in 0..<y.count {
            var pred = intercept
            for i in xs.indices { pred += beta[i] * xs[i][k] }
            ssRes += (y[k] - pred) * (y[k] - pred)
        }
        let p = Double(xs.count + 1)
        let r2 = 1 - ssRes / ssTot
        let r2a = 1 - (ssRes / (n - p)) / (ssTot / (n - 1))
        return ([intercept] + beta, r2, r2a)
    }
}
