import Foundation
import GRDB
import MeterwatchCore

/// What one write did.
public struct IngestReport: Sendable, Equatable {
    /// New readings or interval totals.
    public var inserted = 0
    /// Existing timestamps whose value changed (late corrections).
    public var updated = 0
    /// Exact duplicates: already stored with the same value, nothing to do.
    public var unchanged = 0
    public init() {}
    public static func += (a: inout IngestReport, b: IngestReport) {
        a.inserted += b.inserted
        a.updated += b.updated
        a.unchanged += b.unchanged
    }
}
