import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension StorageCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [
            SeriesNeed(key: SeriesKey(meter: meter, quantity: "storage_soc"), samplesMs: ConditionEvaluator.freshnessMs),
            SeriesNeed(key: SeriesKey(meter: meter, quantity: "inverter_state"), samplesMs: ConditionEvaluator.freshnessMs),
        ]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        var out: [Observation] = []
        if let soc = e.fresh(SeriesKey(meter: meter, quantity: "storage_soc"), at: t, data) {
            let level: Observation.Level = soc.value < socBelow ? .trigger : (soc.value > socClearAbove ? .clear : .hold)
            out.append(
                Observation(
                    subject: "\(meter):soc", meter: meter, level: level, value: soc.value, threshold: socBelow, unit: "%",
                    message: .socAlert(meter: meter, soc: soc.value, below: socBelow)))
        } else {
            out.append(.unknown(meter, subject: "\(meter):soc"))
        }
        if let st = e.fresh(SeriesKey(meter: meter, quantity: "inverter_state"), at: t, data), let code = st.value.exactInt {
            out.append(
                Observation(
                    subject: "\(meter):fault", meter: meter, level: faultStates.contains(code) ? .trigger : .clear, value: st.value,
                    message: .faultAlert(meter: meter, code: code)))
        } else {
            out.append(.unknown(meter, subject: "\(meter):fault"))
        }
        return out
    }
}
