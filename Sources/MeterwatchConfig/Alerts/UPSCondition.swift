import MeterwatchCore

/// UPS status flags (NUT names: OB, LB, RB, OVER…), and optionally a charge below `lowCharge` % as LB.
public struct UPSCondition: AlertCondition {
    public var flags: [String]
    public var lowCharge: Double?

    public init(flags: [String] = ["OB", "LB", "RB", "OVER"], lowCharge: Double? = nil) {
        self.flags = flags
        self.lowCharge = lowCharge
    }

    public static let typeName = "ups"
    public static let keys: Set<String> = ["flags", "low_charge"]
    public static let watches = "UPS meters"
    public static let defaults = RuleDefaults(holdOffMs: 30_000, clearForMs: 30_000, severity: .critical)
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .ups }

    public init(_ r: RuleReader) throws(ConfigError) {
        flags = ["OB", "LB", "RB", "OVER"]
        if let f = r["flags"] {
            flags = try f.stringList().map { $0.uppercased() }
            for (i, name) in flags.enumerated() where UPSFlags(name: name) == nil {
                throw (try f.sequence().dropFirst(i).first ?? f)
                    .error("unknown UPS flag '\(name)' (expected NUT names: \(UPSFlags.names.map(\.0).joined(separator: ", ")))")
            }
        }
        lowCharge = try r["low_charge"].map { n throws(ConfigError) -> Double in
            let v = try n.double()
            guard (0...100).contains(v) else { throw n.error("must be a percentage 0…100") }
            return v
        }
    }

    public var summary: String {
        "flags \(flags.joined(separator: ","))" + (lowCharge.map { "; charge < \(SummaryFormat.n($0)) % as LB" } ?? "")
    }
}
