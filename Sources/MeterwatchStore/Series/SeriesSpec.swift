import Foundation
import GRDB
import MeterwatchCore

/// What a series is: created with these on first write, checked against them afterwards.
public struct SeriesSpec: Hashable, Sendable {
    public var key: SeriesKey
    public var kind: SeriesKind
    public var unit: String
    public var rules: CounterRules
    public init(key: SeriesKey, kind: SeriesKind, unit: String, rules: CounterRules = CounterRules()) {
        self.key = key
        self.kind = kind
        self.unit = unit
        self.rules = rules
    }
}
