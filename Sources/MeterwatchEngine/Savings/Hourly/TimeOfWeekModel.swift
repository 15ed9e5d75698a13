/// CalTRACK's time-of-week-and-temperature model for one segment of the year: a load for each of
/// the 168 hours of the week, plus piecewise-linear temperature terms, separate for occupied and
/// unoccupied hours (CalTRACK 3.8–3.11). No intercept.
public struct TimeOfWeekModel: Sendable, Hashable, Codable {
    /// Whether each hour of the week is occupied.
    public var occupied: [Bool]
    public var bins: TemperatureBins
    /// 168 hour-of-week loads, then the occupied and the unoccupied temperature slopes.
    public var coefficients: [Double]

    public func predict(hourOfWeek h: Int, temperatureF t: Double) -> Double {
        let f = bins.features(t)
        let offset = 168 + (occupied[h] ? 0 : bins.count)
        var y = coefficients[h]
        for (i, v) in f.enumerated() { y += coefficients[offset + i] * v }
        return y
    }

    /// Parameters the fit estimated (columns with data).
    public var parameterCount: Int { coefficients.filter { $0 != 0 }.count }

    /// An hour of the week is occupied when the use exceeds a simple degree-hour model in more
    /// than 65 % of its hours (CalTRACK 3.8.3: WLS of use on HDH(50 °F) and CDH(65 °F)).
    static func occupancy(_ rows: [(HourlyObservation, Double)]) -> [Bool] {
        var ls = WeightedLeastSquares(columns: 3)
        for (o, w) in rows {
            guard let y = o.usage else { continue }
            ls.add([(0, 1), (1, max(50 - o.temperatureF, 0)), (2, max(o.temperatureF - 65, 0))], y: y, weight: w)
        }
        let beta = ls.solve() ?? [0, 0, 0]
        var above = [Double](repeating: 0, count: 168)
        var total = [Double](repeating: 0, count: 168)
        for (o, w) in rows {
            guard let y = o.usage else { continue }
            let fit = beta[0] + beta[1] * max(50 - o.temperatureF, 0) + beta[2] * max(o.temperatureF - 65, 0)
            total[o.hourOfWeek] += w
            if y - fit > 0 { above[o.hourOfWeek] += w }
        }
        return (0..<168).map { total[$0] > 0 && above[$0] / total[$0] > 0.65 }
    }

    /// Fits on weighted hours (usage known); nil when the system cannot be solved.
    static func fit(_ rows: [(HourlyObservation, Double)]) -> TimeOfWeekModel? {
        let known = rows.filter { $0.0.usage != nil && $0.1 > 0 }
        guard known.count > 168 else {
            return nil
        }
        let occupied = occupancy(known)
        let bins = TemperatureBins(temperatures: known.map(\.0.temperatureF))
        var ls = WeightedLeastSquares(columns: 168 + 2 * bins.count)
        for (o, w) in known {
            let offset = 168 + (occupied[o.hourOfWeek] ? 0 : bins.count)
            var entries = [(o.hourOfWeek, 1.0)]
            for (i, v) in bins.features(o.temperatureF).enumerated() where v != 0 {
                entries.append((offset + i, v))
            }
            ls.add(entries, y: o.usage ?? 0, weight: w)
        }
        guard let beta = ls.solve() else {
            return nil
        }
        return TimeOfWeekModel(occupied: occupied, bins: bins, coefficients: beta)
    }
}
