/// Storage state of charge below `socBelow` %, cleared above `socClearAbove`; `inverter_state` in `faultStates`.
public struct StorageCondition: AlertCondition {
    public var socBelow: Double
    public var socClearAbove: Double
    public var faultStates: [Int]

    public init(socBelow: Double = 15, socClearAbove: Double = 20, faultStates: [Int] = [7]) {
        self.socBelow = socBelow
        self.socClearAbove = socClearAbove
        self.faultStates = faultStates
    }

    public static let typeName = "storage"
    public static let keys: Set<String> = ["soc_below", "soc_clear_above", "fault_states"]
    public static let watches = "storage meters"
    public static let defaults = RuleDefaults(holdOffMs: 60_000)
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .storage }

    public init(_ r: RuleReader) throws(ConfigError) {
        socBelow = try r.percent("soc_below", default: 15)
        socClearAbove = try r.percent("soc_clear_above", default: min(100, socBelow + 5))
        guard socClearAbove >= socBelow else { throw r.error(at: "soc_clear_above", "must be at least soc_below (\(socBelow))") }
        faultStates =
            try r["fault_states"].map { n throws(ConfigError) -> [Int] in try n.sequence().map { s throws(ConfigError) in try s.int() } }
            ?? [7]
    }

    public var summary: String {
        "SoC < \(SummaryFormat.n(socBelow)) % (clears > \(SummaryFormat.n(socClearAbove))); inverter_state in "
            + "\(faultStates.map(String.init).joined(separator: ","))"
    }
}
