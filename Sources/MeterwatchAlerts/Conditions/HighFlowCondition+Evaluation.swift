import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension HighFlowCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [SeriesNeed(key: SeriesKey(meter: meter, quantity: .flowRate), samplesMs: ConditionEvaluator.freshnessMs)]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        guard let s = e.fresh(SeriesKey(meter: meter, quantity: .flowRate), at: t, data) else { return [.unknown(meter)] }
        let level: Observation.Level = s.value > threshold ? .trigger : (s.value < clearBelow ? .clear : .hold)
        return [
            Observation(
                subject: meter, meter: meter, level: level, value: s.value, threshold: threshold, unit: "m3/h",
                message: .highFlowAlert(flow: s.value, threshold: threshold))
        ]
    }
}
