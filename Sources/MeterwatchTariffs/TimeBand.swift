/// Part of a day priced alike: `[fromMinute, toMinute)` of the local day, its period and its price
/// per kWh.
public struct TimeBand: Sendable, Hashable {
    public var fromMinute: Int
    public var toMinute: Int
    public var period: TOUPeriod
    public var price: Double

    public init(fromMinute: Int, toMinute: Int, period: TOUPeriod, price: Double) {
        self.fromMinute = fromMinute
        self.toMinute = toMinute
        self.period = period
        self.price = price
    }
}
