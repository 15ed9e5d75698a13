import GRDB
import MeterwatchCore

/// What `deleteReadings` removed, or would remove in a dry run.
public struct DeletionReport: Sendable, Equatable, Codable {
    public var samples = 0
    public var intervals = 0
    /// The earliest and latest instant removed (an interval total counts by its start).
    public var firstMs: Int64?
    public var lastMs: Int64?
    public var dryRun = false
    public init() {}

    enum CodingKeys: String, CodingKey {
        case samples, intervals
        case firstMs = "first_ms", lastMs = "last_ms", dryRun = "dry_run"
    }
}
