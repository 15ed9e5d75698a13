import MeterwatchCore

/// One rollup row read for a sum across series.
public struct RollupTotalRow: Sendable {
    public var series: Int64
    public var start: Int64
    public var value: Double
    public var estimated: Double
    public var observedMs: Int64
    public var count: Int

    public init(series: Int64, start: Int64, value: Double, estimated: Double, observedMs: Int64, count: Int) {
        self.series = series
        self.start = start
        self.value = value
        self.estimated = estimated
        self.observedMs = observedMs
        self.count = count
    }
}
