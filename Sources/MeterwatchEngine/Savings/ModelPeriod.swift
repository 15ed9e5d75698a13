import Foundation

/// One observation of the model: a day (daily method) or a billing period (billing method).
/// The regression works on usage per day with the period's days as weight, and on degree days
/// averaged over the days of the period with a known mean temperature (CalTRACK 3.3).
public struct ModelPeriod: Sendable, Hashable {
    /// First day, ISO `yyyy-MM-dd`.
    public var start: String
    public var days: Int
    /// Total use over the period.
    public var usage: Double
    /// Daily mean temperatures of the period's days that have one.
    public var temperatures: [Double]
    /// A day's type (working or not); nil for bills and when the site's calendar is not used.
    public var dayType: DayType?
    public var usagePerDay: Double { usage / Double(days) }
    public var meanTemperature: Double { temperatures.reduce(0, +) / Double(temperatures.count) }
    public init(start: String, days: Int, usage: Double, temperatures: [Double], dayType: DayType? = nil) {
        self.start = start
        self.days = days
        self.usage = usage
        self.temperatures = temperatures
        self.dayType = dayType
    }
    /// A day with both values as a one-day period.
    public init?(_ d: DailyObservation) {
        guard let u = d.usage, let t = d.temperature, u.isFinite, t.isFinite else { return nil }
        self.init(start: d.day, days: 1, usage: u, temperatures: [t])
    }
}
