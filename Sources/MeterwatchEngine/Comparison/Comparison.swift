import Foundation
import MeterwatchCore

public struct Comparison: Sendable, Equatable, Encodable {
    public var selection: String
    public var against: String
    public var basis: ComparisonBasis
    public var current: ComparisonSide
    public var baseline: ComparisonSide
    /// nil when the sides are not comparable.
    public var change: ComparisonChange?
    /// With `commonDays`: the days both sides cover, of the days compared.
    public var comparedDays: Int?
    /// Why the sides are not comparable.
    public var reason: Phrase?
    /// The current period is not over: its side runs to date, and so does the baseline's.
    public var inProgress: Bool
    public var warnings: [Phrase]

    enum CodingKeys: String, CodingKey {
        case selection, against, basis, current, baseline, change, reason, warnings
        case comparedDays = "compared_days", inProgress = "in_progress"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(selection, forKey: .selection)
        try c.encode(against, forKey: .against)
        try c.encode(basis, forKey: .basis)
        try c.encode(current, forKey: .current)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(change, forKey: .change)  // explicit null when not comparable
        try c.encodeIfPresent(comparedDays, forKey: .comparedDays)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encode(inProgress, forKey: .inProgress)
        try c.encode(warnings, forKey: .warnings)
    }
}
