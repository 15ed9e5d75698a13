/// One hour of the hourly model's input, local to the site.
public struct HourlyObservation: Sendable, Hashable {
    /// Start of the hour, UTC milliseconds.
    public var ms: Int64
    /// 0 = Monday 00:00–01:00 … 167 = Sunday 23:00–24:00 (CalTRACK 3.8: the week starts on Monday).
    public var hourOfWeek: Int
    /// Local month, 1–12 (the month-by-month models).
    public var month: Int
    /// Mean outdoor temperature of the hour, °F (CalTRACK's bins and occupancy breakpoints are in °F).
    public var temperatureF: Double
    /// Use in the hour; nil when unknown (the hour is then only predicted).
    public var usage: Double?

    public init(ms: Int64, hourOfWeek: Int, month: Int, temperatureF: Double, usage: Double?) {
        self.ms = ms
        self.hourOfWeek = hourOfWeek
        self.month = month
        self.temperatureF = temperatureF
        self.usage = usage
    }
}
