import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension NightFlowCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [SeriesNeed(key: SeriesKey(meter: meter, quantity: .flowRate), quartersMs: Int64(nights + 2) * msPerDay)]
    }

    /// The night windows (UTC) that ended at or before `t`, latest first.
    func windows(before t: Int64, _ calendar: LocalCalendar) -> [(start: Int64, end: Int64)] {
        var out: [(Int64, Int64)] = []
        var day = calendar.civilDate(at: t)
        while out.count < nights {
            let end = calendar.rules.utcLenient(fromLocal: Int64(day.daysSinceEpoch) * msPerDay + Int64(window.endMinute) * msPerMinute)
            let start = end - Int64(window.lengthMinutes) * msPerMinute
            if end <= t { out.append((start, end)) }
            day = day.adding(days: -1)
        }
        return out
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        let key = SeriesKey(meter: meter, quantity: .flowRate)
        let expected = window.lengthMinutes / 15
        // Minimum flow per night from the 15-minute minima; a night with under half its buckets is unknown.
        let minima: [Double?] = windows(before: t, e.calendar).map { w in
            let mins = data.quarterBuckets(key, from: w.start, to: w.end).compactMap(\.min)
            guard mins.count * 2 >= max(1, expected) else { return nil }
            return mins.min()
        }
        guard let latest = minima.first ?? nil else { return [.unknown(meter)] }
        let known = minima.compactMap { $0 }
        let level: Observation.Level
        if known.count == nights && known.allSatisfy({ $0 > threshold }) {
            level = .trigger
        } else if latest <= clearBelow {
            level = .clear
        } else {
            level = .hold
        }
        let leak = known.count == nights ? known.min() ?? latest : latest
        let litresPerNight = leak * Double(window.lengthMinutes) / 60 * 1000
        return [
            Observation(
                subject: meter, meter: meter, level: level, value: leak, threshold: threshold, unit: "m3/h",
                message: .nightFlowAlert(
                    window: "\(window)", nights: nights, minFlow: leak, threshold: threshold, litresPerNight: litresPerNight),
                details: [
                    "min_flow_m3h": leak, "leak_litres_per_night": litresPerNight, "leak_litres_per_day": leak * 24_000,
                    "nights": Double(nights),
                ])
        ]
    }
}
