/// One logged write the central has not acknowledged: readings (or interval totals) of one series
/// in `[fromMs, toMs]`, or (`deleted`) a deletion of what the series held there.
public struct ForwardChange: Sendable, Equatable {
    public var seq: Int64
    public var series: SeriesInfo
    public var intervals: Bool
    public var fromMs: Int64
    public var toMs: Int64
    public var recordedAtMs: Int64
    public var deleted = false
}
