import Foundation
import MeterwatchCore

/// One month of a month-by-month table. A month that has not begun has no current value; the
/// month in progress is compared to date.
public struct MonthlyRow: Sendable, Equatable, Encodable {
    public var month: Period
    public var current: Double?
    public var baseline: Double?
    public var inProgress: Bool

    public var change: Double? { current.flatMap { c in baseline.map { c - $0 } } }
    public var changePercent: Double? {
        guard let c = current, let b = baseline, b != 0 else { return nil }
        return (c - b) / b * 100
    }

    enum CodingKeys: String, CodingKey { case month, current, baseline, inProgress = "in_progress" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month.id, forKey: .month)
        try c.encode(current, forKey: .current)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(inProgress, forKey: .inProgress)
    }
}
