import GRDB
import MeterwatchCore

/// A run of stored readings that no entrance would accept today, and how to remove it.
public struct ImplausibleRun: Sendable, Equatable {
    public var key: SeriesKey
    public var firstMs: Int64
    public var lastMs: Int64
    public var count: Int
    /// The first reading's problem.
    public var problem: Implausibility
}
