import Foundation
import MeterwatchCore

public struct ComparisonChange: Sendable, Equatable, Encodable {
    public var absolute: Double
    /// Percent change against the baseline; nil (JSON null, "n/a") when the baseline is 0.
    public var percent: Double?
    /// Change of the daily average (current per day − baseline per day).
    public var perDay: Double?

    enum CodingKeys: String, CodingKey { case absolute, percent, perDay = "per_day" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(absolute, forKey: .absolute)
        try c.encode(percent, forKey: .percent)  // explicit null, not a missing key
        try c.encode(perDay, forKey: .perDay)
    }
}
