import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

/// Evaluates rule conditions against stored data at an instant. Pure: the same data and instant
/// give the same observations, so live evaluation and replays over history agree.
public struct ConditionEvaluator: Sendable {
    public let calendar: LocalCalendar
    public let meters: [String: MeterConfig]
    /// Instantaneous values older than this are not acted on (the `stale` rule reports them).
    public static let freshnessMs: Int64 = 10 * 60_000
    /// When live evaluation started: a device is not called stale for silence before it was
    /// being polled (a restarted collector has not read it yet). Replays leave it nil.
    public var watchingSinceMs: Int64?
    /// How often the collector polls each series (its point's poll class: a counter every 60 s, power
    /// every 5 s). The `stale` rule expects each series at its own interval.
    public var pollIntervals: [SeriesKey: Int64] = [:]
    /// Billed meters' tariffs (`billing:`), for demand rules held against their contracts.
    public var tariffs: [String: Tariff] = [:]

    public init(calendar: LocalCalendar, meters: [MeterConfig]) {
        self.calendar = calendar
        self.meters = Dictionary(meters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The series a rule reads and how far back, for `AlertData.preload`.
    public func needs(_ rule: AlertRule) -> [SeriesNeed] {
        guard let c = rule.condition as? any EvaluatedCondition else { return [] }
        return rule.meters.flatMap { c.needs(meter: $0, self) }
    }

    /// Observations of one rule at `t`, one or more per watched meter.
    public func observe(_ rule: AlertRule, at t: Int64, data: AlertData) -> [Observation] {
        guard let c = rule.condition as? any EvaluatedCondition else { return [] }
        return rule.meters.flatMap { c.observe(meter: $0, at: t, data: data, self) }
    }

    /// Water meters report flow; the rest power.
    func rateQuantity(_ meter: MeterConfig?) -> Quantity { meter?.category == .water ? .flowRate : .powerActive }

    /// The latest sample of a series, if fresh enough to act on.
    func fresh(_ key: SeriesKey, at t: Int64, _ data: AlertData) -> Sample? {
        guard let s = data.latest(key, atOrBefore: t), t - s.ms <= Self.freshnessMs else { return nil }
        return s
    }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
