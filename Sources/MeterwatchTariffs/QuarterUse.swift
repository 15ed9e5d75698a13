/// One quarter hour of a billed meter: the energy drawn in it (kWh) and whether it was measured
/// whole. Its demand is the quarter's average power, `kWh × 4` kW; only measured quarters count
/// for demand.
public struct QuarterUse: Sendable, Hashable {
    /// The quarter's start, UTC milliseconds, on a quarter-hour boundary.
    public var start: Int64
    public var kWh: Double
    public var measured: Bool

    public init(start: Int64, kWh: Double, measured: Bool) {
        self.start = start
        self.kWh = kWh
        self.measured = measured
    }

    public var demandKW: Double { kWh * 4 }
}
