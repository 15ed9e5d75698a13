/// CalTRACK's hourly method: a time-of-week-and-temperature model for each calendar month, fitted
/// on that month's hours (weight 1) and the neighbouring months' (weight 0.5) of the baseline
/// ("three months weighted", CalTRACK 3.12).
public struct HourlyModel: Sendable, Codable {
    /// Month (1–12) → its model; a month the baseline lacks borrows the nearest fitted one.
    public var months: [Int: TimeOfWeekModel]

    public func model(forMonth m: Int) -> TimeOfWeekModel? {
        if let exact = months[m] {
            return exact
        }
        for d in 1...6 {
            if let near = months[(m - 1 + d) % 12 + 1] ?? months[(m - 1 - d + 12) % 12 + 1] {
                return near
            }
        }
        return nil
    }

    public func predict(_ o: HourlyObservation) -> Double? {
        model(forMonth: o.month)?.predict(hourOfWeek: o.hourOfWeek, temperatureF: o.temperatureF)
    }

    /// The largest model's parameters (Guideline 14's p for the statistics).
    public var parameterCount: Int { months.values.map(\.parameterCount).max() ?? 0 }

    public static func fit(_ baseline: [HourlyObservation]) -> HourlyModel? {
        var byMonth: [Int: [HourlyObservation]] = [:]
        for o in baseline where o.usage != nil { byMonth[o.month, default: []].append(o) }
        var months: [Int: TimeOfWeekModel] = [:]
        for m in byMonth.keys {
            let previous = (m + 10) % 12 + 1
            let next = m % 12 + 1
            var rows = (byMonth[m] ?? []).map { ($0, 1.0) }
            rows += (byMonth[previous] ?? []).map { ($0, 0.5) }
            rows += (byMonth[next] ?? []).map { ($0, 0.5) }
            if let model = TimeOfWeekModel.fit(rows) {
                months[m] = model
            }
        }
        return months.isEmpty ? nil : HourlyModel(months: months)
    }
}
