import Foundation
import GRDB
import MeterwatchCore

/// A stored series and how its values are checked.
public struct SeriesInfo: Hashable, Sendable {
    public var id: Int64
    public var key: SeriesKey
    public var kind: SeriesKind
    public var unit: String
    public var rules: CounterRules
    /// Raw samples before this instant were pruned (one anchor sample is kept); rollups before it are final.
    public var prunedBefore: Int64?

    public init(id: Int64, key: SeriesKey, kind: SeriesKind, unit: String, rules: CounterRules, prunedBefore: Int64? = nil) {
        self.id = id
        self.key = key
        self.kind = kind
        self.unit = unit
        self.rules = rules
        self.prunedBefore = prunedBefore
    }
}
