import MeterwatchCore
import MeterwatchStore

/// What a rule needs of one series, and how far back.
public struct SeriesNeed: Hashable, Sendable {
    public var key: SeriesKey
    /// Raw samples this far before the evaluation time.
    public var samplesMs: Int64 = 0
    /// 15-minute rollups (min/max of gauges) this far back.
    public var quartersMs: Int64 = 0
    /// Day rollups (consumption of counters) this far back.
    public var daysMs: Int64 = 0
}
