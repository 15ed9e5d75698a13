import Foundation
import MeterwatchCore

/// What a comparison's figures stand for.
public enum ComparisonBasis: String, Sendable, Encodable, CaseIterable {
    /// Both whole periods.
    case whole
    /// A period in progress, to date, against the same span of the baseline.
    case toDate = "to_date"
    /// Only the days both periods cover (their coverage differed too much to compare the totals).
    case commonDays = "common_days"
    /// Too little data on one side to say anything: no change is given.
    case notComparable = "not_comparable"
}
