import MeterwatchCore

/// How a meter is billed (`billing:` on a meter that Taipower bills): its tariff, its contracts
/// through time, the storage systems behind it and the sub-meters that make up its demand.
///
/// ```yaml
/// meters:
///   - id: main
///     category: electricity
///     billing:
///       tariff: taipower-hv-three-section
///       contracts:
///         - { from: 2024-01-01, regular: 3200 }
///         - { from: 2026-07-01, regular: 3000, off_peak: 300 }
///       storage: [storage]                  # their discharge lowered this meter's import
///       submeters: [chiller, lighting]      # default: the building's other electricity meters
/// ```
/// Which tariffs exist and their minimum contract are checked where the tariffs are loaded
/// (`BillingSetup`), with the line of the entry.
public struct BillingConfig: Sendable, Hashable {
    public var tariff: String
    public var tariffLine: Int?
    public var contracts: [ContractEntry]
    public var storage: [String] = []
    public var submeters: [String]?

    /// One contract from a day on: kW by kind (`regular`, `half_peak`, `non_summer`, `saturday`,
    /// `off_peak`).
    public struct ContractEntry: Sendable, Hashable {
        public var from: CivilDate
        public var kW: [String: Int]
        public var line: Int?
        public var column: Int?
    }

    public static let contractKeys = ["regular", "half_peak", "non_summer", "saturday", "off_peak"]

    static func parse(_ r: YAMLReader) throws(ConfigError) -> BillingConfig {
        let m = try r.mapping(allowed: ["tariff", "contracts", "storage", "submeters"])
        guard let t = m["tariff"] else { throw r.error("missing tariff (e.g. taipower-hv-three-section)") }
        guard let list = m["contracts"] else {
            throw r.error("missing contracts (e.g. [{ from: 2024-01-01, regular: 3000 }]): a bill needs the contract capacities")
        }
        var out = BillingConfig(tariff: try t.nonEmptyString(), tariffLine: t.node.mark?.line, contracts: [])
        for item in try list.sequence() {
            let cm = try item.mapping(allowed: Set(["from"] + contractKeys))
            guard let f = cm["from"] else { throw item.error("missing from (the first day these contracts apply)") }
            guard let from = TimeParser.parseDate(try f.string(), allowROC: true) else {
                throw f.error("expected a date such as 2024-01-01 or 113/01/01")
            }
            var kW: [String: Int] = [:]
            for key in contractKeys {
                guard let v = cm[key] else { continue }
                let value = try v.int()
                guard (0...10_000_000).contains(value) else { throw v.error("a contract is 0 or more whole kW, at most 10,000,000") }
                kW[key] = value
            }
            if let twin = out.contracts.first(where: { $0.from == from }) {
                throw item.error("two contracts from \(from) (the other at line \(twin.line ?? 0))")
            }
            out.contracts.append(ContractEntry(from: from, kW: kW, line: item.node.mark?.line, column: item.node.mark?.column))
        }
        guard !out.contracts.isEmpty else { throw list.error("give at least one contract") }
        out.contracts.sort { $0.from < $1.from }
        if let s = m["storage"] { out.storage = try s.stringList() }
        if let s = m["submeters"] { out.submeters = try s.stringList() }
        return out
    }
}
