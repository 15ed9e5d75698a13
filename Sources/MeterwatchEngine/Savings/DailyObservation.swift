import Foundation

/// One day of the model's input: consumption and mean temperature; either may be missing.
public struct DailyObservation: Sendable, Hashable {
    public var day: String
    public var usage: Double?
    public var temperature: Double?
    public init(day: String, usage: Double?, temperature: Double?) {
        self.day = day
        self.usage = usage
        self.temperature = temperature
    }
}
