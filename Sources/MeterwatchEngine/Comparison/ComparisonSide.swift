import Foundation
import MeterwatchCore

/// One side of a comparison. `value` is exact; `coverage` is the observed share of the span
/// (0…1) across the selection's meters.
public struct ComparisonSide: Sendable, Equatable, Encodable {
    /// The period asked for (or its baseline); `start`/`end` are the span actually measured.
    public var period: Period
    public var label: SideLabel
    public var startMs: Int64
    public var endMs: Int64
    public var start: String
    public var end: String
    public var value: Double
    public var unit: String
    /// Days in the span (a day in progress counts as one).
    public var days: Int
    public var coverage: Double
    /// Part of `value` that spans data gaps.
    public var estimated: Double

    enum CodingKeys: String, CodingKey { case period, label, start, end, value, unit, days, coverage, estimated }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(period.id, forKey: .period)
        try c.encode(label.text(encoder.userInfo[.language] as? Language ?? .en), forKey: .label)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(days, forKey: .days)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(estimated, forKey: .estimated)
    }
}
