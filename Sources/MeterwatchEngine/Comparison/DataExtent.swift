import MeterwatchCore

/// Where a selection's data ends, so that a period in progress is compared up to the data, not up
/// to the clock: a daily download through yesterday is not set against last year's today.
///
/// ```swift
/// let extent = try engine.dataExtent(selection)
/// extent.endMs        // the earliest end among the series still reporting
/// extent.late         // meters silent for longer than report.data_lag
/// ```
public struct DataExtent: Sendable, Equatable {
    public struct Late: Sendable, Equatable {
        public var meter: String
        /// Where its data ends.
        public var endMs: Int64
    }

    /// The earliest end of data among the selection's series that report within the lag: a reading's
    /// time, an interval's end (nil: none reports).
    public var endMs: Int64?
    /// Series silent for longer than the lag: left out of `endMs` (their gap is missing coverage).
    public var late: [Late]

    public init(endMs: Int64?, late: [Late]) {
        self.endMs = endMs
        self.late = late
    }
}
