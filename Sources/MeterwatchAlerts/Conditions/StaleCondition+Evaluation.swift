import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension StaleCondition: EvaluatedCondition {
    /// The series watched for a meter and how old each may get: every series the collector polls,
    /// at `intervals` × its own poll interval (or `max_age` when given). Without poll intervals (a
    /// replay, a meter fed by imports): the main and the rate series.
    func series(_ meter: String, _ e: ConditionEvaluator) -> [(key: SeriesKey, limitMs: Int64)] {
        let polled = e.pollIntervals.filter { $0.key.meter == meter }.sorted { $0.key < $1.key }
        if !polled.isEmpty {
            return polled.map { ($0.key, maxAgeMs ?? Int64(intervals) * $0.value) }
        }
        let m = e.meters[meter]
        let limit = maxAgeMs ?? Int64(intervals) * (m?.device?.fastPollMs ?? 60_000)
        return [m?.mainQuantity ?? .energyImport, e.rateQuantity(m)].map { (SeriesKey(meter: meter, quantity: $0), limit) }
    }

    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        var n = series(meter, e).map { SeriesNeed(key: $0.key, samplesMs: max($0.limitMs, stuckForMs ?? 0)) }
        if let stuckForMs {
            let m = e.meters[meter]
            n.append(SeriesNeed(key: SeriesKey(meter: meter, quantity: m?.mainQuantity ?? .energyImport), samplesMs: stuckForMs))
            n.append(SeriesNeed(key: SeriesKey(meter: meter, quantity: e.rateQuantity(m)), samplesMs: stuckForMs))
        }
        return n
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        var out = [stale(meter, t, data, e)]
        if let stuckForMs { out.append(stuck(meter, t, data, e, stuckForMs)) }
        return out
    }

    /// Stale when every watched series that has readings is overdue by its own limit: a meter
    /// whose counters arrive each minute and power each 5 s is not offline 25 s after a counter.
    func stale(_ meter: String, _ t: Int64, _ data: AlertData, _ e: ConditionEvaluator) -> Observation {
        let series = series(meter, e)
        var watched = series.filter { data.exists($0.key) }
        if watched.isEmpty, let any = data.quantities(of: meter).first, let limit = series.first?.limitMs {
            watched = [(SeriesKey(meter: meter, quantity: any), limit)]
        }
        // Each series' age, measured from when live evaluation started at the earliest.
        let ages = watched.compactMap { w -> (age: Int64, silent: Int64, limit: Int64, last: Int64)? in
            guard let last = data.latest(w.key, atOrBefore: t) else { return nil }
            return (t - last.ms, t - max(last.ms, e.watchingSinceMs ?? last.ms), w.limitMs, last.ms)
        }
        // The series closest to its limit speaks for the meter.
        guard let freshest = ages.min(by: { $0.silent - $0.limit < $1.silent - $1.limit }) else {
            // Never a reading: a device dead from the start is offline too, once the service has
            // watched it longer than its limit (a replay, with no such start, cannot tell).
            guard let since = e.watchingSinceMs, let limit = series.map(\.limitMs).max(), t - since > limit else { return .unknown(meter) }
            let silent = Double(t - since) / 1000
            return Observation(
                subject: meter, meter: meter, level: .trigger, value: silent, threshold: Double(limit) / 1000, unit: "s",
                message: .neverDeliveredAlert(meter: meter, seconds: silent))
        }
        let overdue = ages.allSatisfy { $0.silent > $0.limit }
        let age = Double(freshest.age) / 1000
        let limit = Double(freshest.limit) / 1000
        return Observation(
            subject: meter, meter: meter, level: overdue ? .trigger : .clear, value: age, threshold: limit, unit: "s",
            message: .staleAlert(meter: meter, age: age, limit: limit),
            details: ["last_sample_ms": Double(ages.map(\.last).max() ?? freshest.last)])
    }

    func stuck(_ meter: String, _ t: Int64, _ data: AlertData, _ e: ConditionEvaluator, _ stuckFor: Int64) -> Observation {
        let subject = "\(meter):stuck"
        let m = e.meters[meter]
        let counter = data.samples(SeriesKey(meter: meter, quantity: m?.mainQuantity ?? .energyImport), from: t - stuckFor, to: t)
        let rate = data.samples(SeriesKey(meter: meter, quantity: e.rateQuantity(m)), from: t - stuckFor, to: t)
        guard counter.count >= 2, let first = counter.first, let last = counter.last, last.ms - first.ms >= stuckFor * 9 / 10,
            !rate.isEmpty,
            let lo = counter.map(\.value).min(), let hi = counter.map(\.value).max()
        else { return .unknown(meter, subject: subject) }
        let meanRate = rate.reduce(0) { $0 + $1.value } / Double(rate.count)
        let frozen = hi == lo && meanRate > stuckRateMin
        return Observation(
            subject: subject, meter: meter, level: frozen ? .trigger : .clear, value: meanRate, threshold: stuckRateMin,
            unit: e.rateQuantity(m).canonical?.unit ?? "",
            message: .stuckAlert(
                meter: meter, register: m?.mainQuantity.name ?? "counter", minutes: Double(stuckFor) / 60_000,
                rate: e.rateQuantity(m).name, mean: meanRate),
            details: ["counter": hi])
    }
}
