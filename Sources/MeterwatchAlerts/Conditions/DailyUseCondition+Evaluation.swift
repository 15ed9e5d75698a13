import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension DailyUseCondition: EvaluatedCondition {
    func key(_ meter: String, _ e: ConditionEvaluator) -> SeriesKey {
        SeriesKey(meter: meter, quantity: quantity ?? e.meters[meter]?.mainQuantity ?? .energyImport)
    }

    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [SeriesNeed(key: key(meter, e), daysMs: Int64(weeks + 2) * 7 * msPerDay)]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        let key = key(meter, e)
        let calendar = e.calendar
        let day = calendar.civilDate(at: t).adding(days: -1)  // the last complete day
        func total(_ d: CivilDate) -> Double? {
            let b = data.dayBuckets(key, from: calendar.startOfDay(d), to: calendar.startOfDay(d.adding(days: 1)))
            guard let bucket = b.first, bucket.count > 0 || bucket.value != 0 else { return nil }
            return bucket.value
        }
        guard let use = total(day) else { return [.unknown(meter)] }
        let history = (1...weeks).compactMap { total(day.adding(days: -7 * $0)) }
        guard history.count >= minWeeks else { return [.unknown(meter)] }
        let median = ConditionEvaluator.median(history)
        let mad = ConditionEvaluator.median(history.map { abs($0 - median) })
        var limit = median + minExcess
        if let factor { limit = max(limit, median * factor) }
        if let madK { limit = max(limit, median + madK * mad) }
        let unit = key.quantity.canonical?.unit ?? ""
        return [
            Observation(
                subject: meter, meter: meter, level: use > limit ? .trigger : .clear, value: use, threshold: limit, unit: unit,
                message: .dailyUseAlert(
                    day: "\(day)", use: use, unit: unit, weekday: day.isoWeekday, median: median,
                    weeks: history.count, limit: limit),
                details: ["median": median, "mad": mad, "weeks": Double(history.count)])
        ]
    }
}
