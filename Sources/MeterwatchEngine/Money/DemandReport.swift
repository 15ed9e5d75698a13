import MeterwatchTariffs

/// A billed meter's demand over a period: each period's maximum, the highest quarter hours with
/// the sub-meters that made them, and the load-duration curve.
public struct DemandReport: Sendable, Codable {
    /// One of the highest quarter hours: its demand and each sub-meter's share of it.
    public struct TopQuarter: Sendable, Codable {
        public var start: Int64
        public var period: TOUPeriod
        public var kW: Double
        /// Sub-meter → kW in that quarter; what they do not explain is `otherKW`.
        public var submeters: [String: Double]
        public var otherKW: Double

        enum CodingKeys: String, CodingKey {
            case start, period, kW = "kw", submeters, otherKW = "other_kw"
        }
    }

    public var meter: String
    public var bill: Bill
    public var top: [TopQuarter]
    /// Every measured quarter's demand, highest first.
    public var loadDuration: [Double]
    /// The contract in force at the period's end: the allowance of each period.
    public var allowance: [TOUPeriod: Int]

    enum CodingKeys: String, CodingKey {
        case meter, bill, top, loadDuration = "load_duration", allowance
    }
}
