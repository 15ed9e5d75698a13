/// The demand interval's average power, projected to the interval's end, above `share` × `contractKW`;
/// without `contract_kw`, above `share` of the contracts that serve the quarter's time-of-use period
/// (the meter's `billing:`), with what the excess would cost.
public struct DemandCondition: AlertCondition {
    /// nil: the meter's contracts, period by period.
    public var contractKW: Double?
    public var share: Double
    public var clearShare: Double
    public var intervalMs: Int64

    public init(contractKW: Double?, share: Double = 0.95, clearShare: Double = 0.9, intervalMs: Int64 = 900_000) {
        self.contractKW = contractKW
        self.share = share
        self.clearShare = clearShare
        self.intervalMs = intervalMs
    }

    public static let typeName = "demand"
    public static let keys: Set<String> = ["contract_kw", "share", "clear_share", "interval"]
    public static let watches = "electricity meters"
    public static let defaults = RuleDefaults(severity: .critical)
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .electricity }

    public init(_ r: RuleReader) throws(ConfigError) {
        share =
            try r["share"].map { n throws(ConfigError) -> Double in
                let v = try n.double()
                guard v > 0 && v <= 2 else { throw n.error("must be a fraction such as 0.95") }
                return v
            } ?? 0.95
        clearShare = try r["clear_share"]?.double() ?? share - 0.05
        guard clearShare < share else { throw r.error(at: "clear_share", "must be below share (\(share))") }
        intervalMs = try r.duration("interval") ?? 900_000
        guard intervalMs >= 60_000, 86_400_000 % intervalMs == 0 else {
            throw r.error(at: "interval", "must divide a day into whole intervals of at least a minute (15m is the utility's)")
        }
        contractKW = r["contract_kw"] == nil ? nil : try r.positive("contract_kw")
    }

    public var summary: String {
        "\(intervalMs / 60_000)-min demand projected > \(SummaryFormat.n(share * 100)) % of "
            + (contractKW.map { "\(SummaryFormat.n($0)) kW" } ?? "the period's contracts (billing:)") + " (clears < "
            + "\(SummaryFormat.n(clearShare * 100)) %)"
    }
}
