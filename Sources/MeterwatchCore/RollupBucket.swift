/// One rollup bucket, `[start, end)` in UTC milliseconds.
///
/// `value` is the consumption for counters and interval totals, and the sum of readings for gauges
/// and states (their mean is `value / count`). `observedMs / (end - start)` is the coverage: the
/// share of the bucket actually observed (readings at most `maxGap` apart, or an interval total).
/// `estimated` is the part of `value` that came from deltas spanning a gap.
public struct RollupBucket: Hashable, Sendable, Codable {
    public var start: Int64
    public var end: Int64
    public var value: Double
    public var estimated: Double
    public var min: Double?
    public var max: Double?
    public var count: Int
    public var observedMs: Int64

    public init(
        start: Int64, end: Int64, value: Double = 0, estimated: Double = 0, min: Double? = nil, max: Double? = nil, count: Int = 0,
        observedMs: Int64 = 0
    ) {
        self.start = start
        self.end = end
        self.value = value
        self.estimated = estimated
        self.min = min
        self.max = max
        self.count = count
        self.observedMs = observedMs
    }

    public var coverage: Double { end > start ? Double(observedMs) / Double(end - start) : 0 }
    public var mean: Double? { count > 0 ? value / Double(count) : nil }
    var isEmpty: Bool { count == 0 && observedMs == 0 && value == 0 && estimated == 0 }
}
