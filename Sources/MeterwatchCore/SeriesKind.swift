/// How a series' values behave, which decides how rollups are computed.
public enum SeriesKind: String, Sendable, Codable, CaseIterable {
    /// A cumulative register (kWh, m³): consumption is the checked difference of readings.
    case counter
    /// An instantaneous value (kW, m³/h, %, V): rollups keep min, max and mean.
    case gauge
    /// A value over `[start, end)` (a bill, a refuel): spread pro rata over the buckets it covers.
    case intervalTotal = "interval_total"
    /// Status bits (UPS flags): rollups keep counts.
    case state
}
