import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension ContinuousFlowCondition: EvaluatedCondition {
    var spanMs: Int64 { (hours * 3_600_000).clampedInt64 ?? Int64.max / 2 }

    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        let key = SeriesKey(meter: meter, quantity: .flowRate)
        if spanMs < msPerHour { return [SeriesNeed(key: key, samplesMs: spanMs + msPerMinute)] }
        return [SeriesNeed(key: key, quartersMs: spanMs + msPerHour)]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        if spanMs < msPerHour { return [observeRaw(meter, t, data)] }
        // Whole 15-minute buckets inside [t - span, t).
        let end = floorDiv(t, LocalCalendar.quarterMs) * LocalCalendar.quarterMs
        let mins = data.quarterBuckets(SeriesKey(meter: meter, quantity: .flowRate), from: end - spanMs, to: end).compactMap(\.min)
        let expected = Int(spanMs / LocalCalendar.quarterMs)
        guard let lowest = mins.min() else { return [.unknown(meter)] }
        if lowest <= threshold {
            return [Observation(subject: meter, meter: meter, level: .clear, value: lowest, threshold: threshold, unit: "m3/h")]
        }
        // Every bucket must be there (at most one missing) to claim "never below".
        let level: Observation.Level = mins.count + 1 >= expected ? .trigger : .hold
        return [
            Observation(
                subject: meter, meter: meter, level: level, value: lowest, threshold: threshold, unit: "m3/h",
                message: .continuousFlowAlert(hours: hours, threshold: threshold, lowest: lowest),
                details: ["min_flow_m3h": lowest, "litres_per_day": lowest * 24_000])
        ]
    }

    /// Windows under an hour read the raw samples: the lowest reading in `[t - span, t]`, once
    /// readings cover the window (one in its first quarter, a fresh one at its end).
    func observeRaw(_ meter: String, _ t: Int64, _ data: AlertData) -> Observation {
        let samples = data.samples(SeriesKey(meter: meter, quantity: .flowRate), from: t - spanMs, to: t)
        guard let first = samples.first, let last = samples.last, let lowest = samples.map(\.value).min(),
            t - last.ms <= ConditionEvaluator.freshnessMs
        else { return .unknown(meter) }
        if lowest <= threshold {
            return Observation(subject: meter, meter: meter, level: .clear, value: lowest, threshold: threshold, unit: "m3/h")
        }
        let covered = first.ms <= t - spanMs + spanMs / 4 && samples.count >= 3
        return Observation(
            subject: meter, meter: meter, level: covered ? .trigger : .hold, value: lowest, threshold: threshold, unit: "m3/h",
            message: .continuousFlowMinutesAlert(minutes: hours * 60, threshold: threshold, lowest: lowest),
            details: ["min_flow_m3h": lowest, "litres_per_day": lowest * 24_000])
    }
}
