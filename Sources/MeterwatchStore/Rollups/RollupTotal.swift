import GRDB
import MeterwatchCore

/// A sum over a range of rollups.
public struct RollupTotal: Sendable, Equatable {
    public var value: Double
    public var estimated: Double
    public var observedMs: Int64
    public var count: Int
}
