import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension DemandCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [SeriesNeed(key: SeriesKey(meter: meter, quantity: .powerActive), samplesMs: intervalMs + ConditionEvaluator.freshnessMs)]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        guard let d = e.projectedDemand(meter, at: t, intervalMs: intervalMs, data: data) else { return [.unknown(meter)] }
        let limit = contractKW * share
        let level: Observation.Level = d.projectedKW > limit ? .trigger : (d.projectedKW < contractKW * clearShare ? .clear : .hold)
        return [
            Observation(
                subject: meter, meter: meter, level: level, value: d.projectedKW, threshold: limit, unit: "kW",
                message: .demandAlert(
                    minutes: Int(intervalMs / 60_000), projected: d.projectedKW, sharePercent: share * 100, contract: contractKW),
                details: ["so_far_kw": d.soFarKW, "latest_kw": d.latestKW, "contract_kw": contractKW])
        ]
    }
}

extension ConditionEvaluator {
    /// The demand interval containing `t` (aligned to local wall-clock time, as utility meters are).
    public func demandInterval(containing t: Int64, intervalMs: Int64) -> (start: Int64, end: Int64) {
        let local = calendar.rules.localMs(fromUTC: t)
        let start = t - floorMod(local, intervalMs)
        return (start, start + intervalMs)
    }

    /// Projected average demand (kW) of the interval containing `t`: the energy so far (power
    /// held from each sample to the next, W·ms) plus the latest power over the rest of the interval.
    public func projectedDemand(_ meter: String, at t: Int64, intervalMs: Int64, data: AlertData) -> (
        projectedKW: Double, soFarKW: Double, latestKW: Double
    )? {
        let key = SeriesKey(meter: meter, quantity: .powerActive)
        guard let latest = fresh(key, at: t, data) else { return nil }
        let (start, end) = demandInterval(containing: t, intervalMs: intervalMs)
        var held = data.latest(key, atOrBefore: start)?.value
        var cursor = start
        var energy = CompensatedSum()
        for s in data.samples(key, from: start, to: t) {
            if let h = held { energy.add(h * Double(s.ms - cursor)) }
            held = s.value
            cursor = s.ms
        }
        if let h = held { energy.add(h * Double(t - cursor)) }
        let elapsed = Double(t - start)
        let soFar = elapsed > 0 ? energy.value / elapsed / 1000 : latest.value / 1000
        let projected = (energy.value + latest.value * Double(end - t)) / Double(intervalMs) / 1000
        return (projected, soFar, latest.value / 1000)
    }
}
