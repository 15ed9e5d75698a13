import MeterwatchCore

/// A billing period's (usually a month's) electricity bill reconstructed from 15-minute data: its segments, its lines and its
/// total, with the coverage it was made from. Amounts are exact; `DisplayFormat` rounds the total
/// to whole NT$ (half away from zero, as Taipower bills in whole dollars) and lines to cents.
public struct Bill: Sendable, Codable {
    /// The billed days, `[from, to)`.
    public var from: CivilDate
    public var to: CivilDate
    public var segments: [BillSegment]
    public var lines: [BillLine]
    public var total: Double
    /// Quarter hours measured whole, and the month's quarter hours.
    public var measuredQuarters: Int
    public var expectedQuarters: Int
    /// The monthly average power factor (0…1) the adjustment used, when the meter gives one.
    public var powerFactor: Double?

    public var coverage: Double { expectedQuarters > 0 ? Double(measuredQuarters) / Double(expectedQuarters) : 0 }
    /// Every quarter hour measured: a smaller total would mean missing data, never less use.
    public var isComplete: Bool { measuredQuarters >= expectedQuarters }

    public var energyKWh: Double { segments.reduce(0) { $0 + $1.energyKWh.values.reduce(0, +) } }

    public func amount(_ kinds: Set<BillLine.Kind>) -> Double {
        var sum = CompensatedSum()
        for l in lines where kinds.contains(l.kind) { sum.add(l.amount) }
        return sum.value
    }

    /// The month's highest demand in a period across its segments.
    public func maxDemand(_ period: TOUPeriod) -> PeakDemand? {
        segments.compactMap { $0.maxDemand[period] }.max { $0.kW < $1.kW }
    }

    enum CodingKeys: String, CodingKey {
        case from, to, segments, lines, total, measuredQuarters = "measured_quarters", expectedQuarters = "expected_quarters", powerFactor =
            "power_factor"
    }
}
