import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A rule condition that can be evaluated: what it reads of each watched meter, and what it sees
/// at an instant. Every type of `AlertCondition` conforms (in `Conditions/`).
protocol EvaluatedCondition: AlertCondition {
    /// The series it reads of `meter` and how far back, for `AlertData.preload`.
    func needs(meter: String, _ evaluator: ConditionEvaluator) -> [SeriesNeed]
    /// Its observations of `meter` at `t`.
    func observe(meter: String, at t: Int64, data: AlertData, _ evaluator: ConditionEvaluator) -> [Observation]
}
