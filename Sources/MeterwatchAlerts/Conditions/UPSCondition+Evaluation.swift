import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension UPSCondition: EvaluatedCondition {
    func needs(meter: String, _ e: ConditionEvaluator) -> [SeriesNeed] {
        [
            SeriesNeed(key: SeriesKey(meter: meter, quantity: "ups_status"), samplesMs: ConditionEvaluator.freshnessMs),
            SeriesNeed(key: SeriesKey(meter: meter, quantity: "battery_charge"), samplesMs: ConditionEvaluator.freshnessMs),
        ]
    }

    func observe(meter: String, at t: Int64, data: AlertData, _ e: ConditionEvaluator) -> [Observation] {
        let status = e.fresh(SeriesKey(meter: meter, quantity: "ups_status"), at: t, data)
        let charge = e.fresh(SeriesKey(meter: meter, quantity: "battery_charge"), at: t, data)
        return flags.map { flag in
            let subject = "\(meter):\(flag)"
            // A stored value that is no status mask (written before plausibility checks) says nothing.
            guard let status, let bit = UPSFlags(name: flag), let now = UPSFlags(storedValue: status.value) else {
                return .unknown(meter, subject: subject)
            }
            let set = now.contains(bit)
            var level: Observation.Level = set ? .trigger : .clear
            var value: Double?
            if flag == "LB", let lowCharge, let charge {
                value = charge.value
                if charge.value < lowCharge { level = .trigger } else if !set && charge.value < lowCharge + 5 { level = .hold }
            }
            return Observation(
                subject: subject, meter: meter, level: level, value: value ?? status.value, threshold: flag == "LB" ? lowCharge : nil,
                unit: flag == "LB" && value != nil ? "%" : "",
                message: .upsAlert(meter: meter, flag: flag, flags: "\(now)", charge: charge?.value),
                details: charge.map { ["battery_charge": $0.value] } ?? [:])
        }
    }
}
