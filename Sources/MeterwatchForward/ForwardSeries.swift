/// One series' part of a `ForwardBatch`: `samples` as `[ms, value]`, or `intervals` (bills,
/// refuels) as `[startMs, endMs, value]`.
public struct ForwardSeries: Codable, Sendable, Equatable {
    public var meter: String
    public var quantity: String
    public var kind: String
    public var unit: String
    public var samples: [[Double]]?
    public var intervals: [[Double]]?

    public init(meter: String, quantity: String, kind: String, unit: String, samples: [[Double]]? = nil, intervals: [[Double]]? = nil) {
        self.meter = meter
        self.quantity = quantity
        self.kind = kind
        self.unit = unit
        self.samples = samples
        self.intervals = intervals
    }
}
