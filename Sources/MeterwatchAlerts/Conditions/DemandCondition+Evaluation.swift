import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

extension DemandCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [SeriesNeed(key: SeriesKey(meter: meter, quantity: .powerActive), samplesMs: intervalMs + ConditionEvaluator.freshnessMs)]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        guard let d = e.projectedDemand(meter, at: t, intervalMs: intervalMs, data: data) else { return [.unknown(meter)] }
        let minutes = Int(intervalMs / 60_000)
        if let contractKW {
            let limit = contractKW * share
            let level: Observation.Level = d.projectedKW > limit ? .trigger : (d.projectedKW < contractKW * clearShare ? .clear : .hold)
            return [
                Observation(
                    subject: meter, meter: meter, level: level, value: d.projectedKW, threshold: limit, unit: "kW",
                    message: .demandAlert(minutes: minutes, projected: d.projectedKW, sharePercent: share * 100, contract: contractKW),
                    details: ["so_far_kw": d.soFarKW, "latest_kw": d.latestKW, "contract_kw": contractKW])
            ]
        }
        // The contracts of the quarter's period, from the meter's billing.
        guard let allowance = e.contractAllowance(meter, at: t) else { return [.unknown(meter)] }
        let contract = Double(allowance.kW)
        let limit = contract * share
        let level: Observation.Level = d.projectedKW > limit ? .trigger : (d.projectedKW < contract * clearShare ? .clear : .hold)
        let excess = max(0, d.projectedKW - contract)
        let band = allowance.threshold * contract
        let cost = allowance.price * (allowance.within * min(excess, band) + allowance.beyond * max(0, excess - band))
        return [
            Observation(
                subject: meter, meter: meter, level: level, value: d.projectedKW, threshold: limit, unit: "kW",
                message: .demandContractAlert(
                    minutes: minutes, projected: d.projectedKW, period: allowance.period, contract: contract, excessCost: cost),
                details: ["so_far_kw": d.soFarKW, "latest_kw": d.latestKW, "contract_kw": contract, "excess_cost_ntd": cost])
        ]
    }
}

extension ConditionEvaluator {
    /// The contracts serving the time-of-use period of the quarter containing `t` on a billed meter,
    /// and the rule its excess is charged by (a month's other excesses aside).
    func contractAllowance(_ meter: String, at t: Int64) -> (
        kW: Int, period: String, price: Double, within: Double, beyond: Double, threshold: Double
    )? {
        guard let billing = meters[meter]?.billing, let tariff = tariffs[meter] else { return nil }
        let local = calendar.rules.localMs(fromUTC: t)
        let day = CivilDate(daysSinceEpoch: Int(floorDiv(local, msPerDay)))
        guard let revision = try? tariff.revision(on: day), let (season, type) = try? tariff.classify(day, under: revision),
            let entry = billing.contracts.last(where: { $0.from <= day })
        else { return nil }
        let period = revision.price(season, type, quarter: Int(floorMod(local, msPerDay) / LocalCalendar.quarterMs)).period
        guard let level = revision.structure.ladder(season).first(where: { $0.period == period }) else { return nil }
        let kW = level.serving.reduce(0) { $0 + (entry.kW[$1.rawValue] ?? 0) }
        return (
            kW, period.rawValue, revision.basicPrice(level.priced, season) ?? 0, revision.excessWithin, revision.excessBeyond,
            revision.excessThreshold
        )
    }

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
