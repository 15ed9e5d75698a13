import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore
import Synchronization

/// Counters the collector keeps about itself (exposed by the CLI and `/metrics`).
public struct CollectorStats: Sendable, Hashable {
    public var samplesWritten = 0
    public var flushes = 0
    public var failedFlushes = 0
    public var buffered = 0
    public var dropped = 0
    /// Samples the store refused one by one (the rest of their batch was written).
    public var refused = 0
}
