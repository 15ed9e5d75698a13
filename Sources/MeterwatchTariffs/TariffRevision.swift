import MeterwatchConfig
import MeterwatchCore

/// One revision of a time-of-use tariff, as a tariff file states it: in force from `effective` until
/// the next revision of the same id. Prices in NT$ (business tax included): basic per kW of contract
/// and month, energy per kWh.
public struct TariffRevision: Sendable {
    public var id: String
    public var name: LocalizedName
    public var effective: CivilDate
    public var structure: TariffStructure
    /// Summer's first and last day, as (month, day).
    public var summerFrom: (month: Int, day: Int)
    public var summerTo: (month: Int, day: Int)
    public var offPeakDaysID: String
    public var basic: [ContractKind: [Season: Double]]
    public var bands: [Season: [TariffDayType: [TimeBand]]]
    /// Excess demand: × `within` up to `threshold` of the contracts serving the period, × `beyond` past it.
    public var excessWithin = 2.0
    public var excessBeyond = 3.0
    public var excessThreshold = 0.10
    /// Power factor: ± `pfStep` of the bill per percentage point from `pfReference`, the discount up to `pfBest`.
    public var pfReference = 80
    public var pfStep = 0.001
    public var pfBest = 95
    /// A month with no use at all pays this share of the basic charge.
    public var noUseBasicShare = 0.5
    public var minimumContractKW = 100
    public var file: String
    /// Per season and day type, each quarter hour's period and price (96 a day), for the bill's loop.
    let quarters: [[(period: TOUPeriod, price: Double)]]

    public func season(of day: CivilDate) -> Season {
        let md = (day.month, day.day)
        return md >= summerFrom && md <= summerTo ? .summer : .nonSummer
    }

    /// The basic price of a contract kind in a season; nil when the kind is not charged then.
    public func basicPrice(_ kind: ContractKind, _ season: Season) -> Double? { basic[kind]?[season] }

    /// A quarter hour's period and price (`quarter` 0..<96 of the local day).
    public func price(_ season: Season, _ day: TariffDayType, quarter: Int) -> (period: TOUPeriod, price: Double) {
        quarters[Self.index(season, day)][quarter]
    }

    static func index(_ season: Season, _ day: TariffDayType) -> Int {
        (season == .summer ? 0 : 3) + (day == .weekday ? 0 : day == .saturday ? 1 : 2)
    }

    /// The periods a day of the season has, in ladder order.
    public func periods(_ season: Season) -> [TOUPeriod] { structure.ladder(season).map(\.period) }

    // MARK: Parsing

    /// Parses a tariff file; every mistake is a `ConfigError` at its line: overlapping or missing
    /// hours in a day, a negative price, a period the structure does not have.
    public static func parse(yaml: String, file: String) throws(ConfigError) -> TariffRevision {
        let doc = try YAMLReader.document(yaml: yaml, file: file)
        let m = try doc.mapping(allowed: [
            "id", "name", "effective", "structure", "summer", "off_peak_days", "basic", "energy", "over_contract", "power_factor",
            "no_use_basic_share", "minimum_contract_kw",
        ])
        func required(_ key: String, _ hint: String) throws(ConfigError) -> YAMLReader {
            guard let node = m[key] else { throw doc.error("missing \(key) (\(hint))") }
            return node
        }
        let id = try required("id", "e.g. taipower-hv-three-section").nonEmptyString()
        let effectiveNode = try required("effective", "the first day it applies, e.g. 2025-10-01")
        guard let effective = TimeParser.parseDate(try effectiveNode.string(), allowROC: true) else {
            throw effectiveNode.error("expected a date such as 2025-10-01")
        }
        let structureNode = try required("structure", "three-section or two-section")
        let structureText = try structureNode.string()
        guard let structure = TariffStructure(rawValue: structureText) else {
            throw structureNode.error("unknown structure '\(structureText)' (expected three-section or two-section)")
        }
        let summerNode = try required("summer", "{ from: 05-16, to: 10-15 }")
        let sm = try summerNode.mapping(allowed: ["from", "to"])
        func monthDay(_ key: String) throws(ConfigError) -> (month: Int, day: Int) {
            guard let n = sm[key] else { throw summerNode.error("missing \(key)") }
            let text = try n.string()
            guard let d = OffPeakDays.day(text, 2024) else { throw n.error("expected a month and day such as 05-16") }
            return (d.month, d.day)
        }
        let summerFrom = try monthDay("from")
        let summerTo = try monthDay("to")
        guard summerFrom <= summerTo else { throw summerNode.error("summer must not wrap the new year") }

        // Basic charges.
        let basicNode = try required("basic", "per contract kind: { summer: …, non_summer: … }")
        var basic: [ContractKind: [Season: Double]] = [:]
        let kindNames = structure.contractKinds.map(\.rawValue)
        for (key, node) in try basicNode.mapping(allowed: Set(kindNames)) {
            let kind = ContractKind(rawValue: key)!
            var prices: [Season: Double] = [:]
            for (seasonKey, p) in try node.mapping(allowed: ["summer", "non_summer"]) {
                prices[Season(rawValue: seasonKey)!] = try price(p)
            }
            basic[kind] = prices
        }
        guard basic[.regular] != nil else { throw basicNode.error("missing regular") }
        for season in Season.allCases where basic[.saturday]?[season] != basic[.offPeak]?[season] {
            throw basicNode.error(
                "saturday and off_peak must have the same price in \(season.rawValue): the 50 % rule charges them as one")
        }

        // Energy charges: every day type of both seasons, the whole day, without overlap.
        let energyNode = try required("energy", "per season and day type: bands from 00:00 to 24:00")
        var bands: [Season: [TariffDayType: [TimeBand]]] = [:]
        let seasons = try energyNode.mapping(allowed: ["summer", "non_summer"])
        for season in Season.allCases {
            guard let sNode = seasons[season.rawValue] else { throw energyNode.error("missing \(season.rawValue)") }
            let days = try sNode.mapping(allowed: ["weekday", "saturday", "sunday"])
            for day in TariffDayType.allCases {
                guard let dNode = days[day.rawValue] else { throw sNode.error("missing \(day.rawValue)") }
                bands[season, default: [:]][day] = try dayBands(dNode, structure: structure, day: day)
            }
        }
        var out = TariffRevision(
            id: id, name: LocalizedName(en: id), effective: effective, structure: structure, summerFrom: summerFrom, summerTo: summerTo,
            offPeakDaysID: try required("off_peak_days", "the id of an off-peak days file, e.g. taipower").nonEmptyString(),
            basic: basic, bands: bands, file: file, quarters: Self.quarterTable(bands))
        if let n = m["name"] { out.name = try SiteConfig.localizedName(n) }
        if let o = m["over_contract"] {
            let om = try o.mapping(allowed: ["within", "beyond", "threshold"])
            if let w = om["within"] { out.excessWithin = try w.double() }
            if let b = om["beyond"] { out.excessBeyond = try b.double() }
            if let t = om["threshold"] { out.excessThreshold = try share(t) }
            guard out.excessWithin >= 1, out.excessBeyond >= out.excessWithin else {
                throw o.error("within must be at least 1 and beyond at least within")
            }
        }
        if let p = m["power_factor"] {
            let pm = try p.mapping(allowed: ["reference", "step", "best"])
            if let r = pm["reference"] { out.pfReference = try r.int() }
            if let s = pm["step"] { out.pfStep = try share(s) }
            if let b = pm["best"] { out.pfBest = try b.int() }
            guard (1...100).contains(out.pfReference), (out.pfReference...100).contains(out.pfBest) else {
                throw p.error("reference must be 1…100 and best between reference and 100")
            }
        }
        if let n = m["no_use_basic_share"] { out.noUseBasicShare = try share(n) }
        if let n = m["minimum_contract_kw"] {
            out.minimumContractKW = try n.int()
            guard out.minimumContractKW >= 0 else { throw n.error("must not be negative") }
        }
        return out
    }

    static func price(_ node: YAMLReader) throws(ConfigError) -> Double {
        let v = try node.double()
        guard v >= 0, v < 1_000_000 else { throw node.error("a price must be 0 or more (NT$), got \(v)") }
        return v
    }

    /// `10%` or `0.1`.
    static func share(_ node: YAMLReader) throws(ConfigError) -> Double {
        let text = try node.string().trimmingCharacters(in: .whitespaces)
        let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
        guard let value, value >= 0, value <= 1 else { throw node.error("expected a share such as 10% or 0.1") }
        return value
    }

    static func dayBands(_ node: YAMLReader, structure: TariffStructure, day: TariffDayType) throws(ConfigError) -> [TimeBand] {
        var out: [TimeBand] = []
        for item in try node.sequence() {
            let m = try item.mapping(allowed: ["from", "to", "period", "price"])
            func minute(_ key: String) throws(ConfigError) -> Int {
                guard let n = m[key] else { throw item.error("missing \(key)") }
                let text = try n.string()
                let parts = text.split(separator: ":")
                guard parts.count == 2, let h = Int(parts[0]), let mi = Int(parts[1]), (0...24).contains(h), (0..<60).contains(mi),
                    h * 60 + mi <= 1440
                else { throw n.error("expected a time such as 16:00 (24:00 ends the day)") }
                guard mi % 15 == 0 else { throw n.error("a band must start and end on a quarter hour (:00, :15, :30, :45)") }
                return h * 60 + mi
            }
            let from = try minute("from")
            let to = try minute("to")
            guard to > from else { throw item.error("to must be after from") }
            guard let periodNode = m["period"] else { throw item.error("missing period") }
            let text = try periodNode.string()
            guard let period = TOUPeriod(rawValue: text) else {
                throw periodNode.error("unknown period '\(text)' (expected peak, half_peak, saturday_half_peak or off_peak)")
            }
            guard structure.allows(period, on: day) else {
                throw periodNode.error("a \(structure.rawValue) tariff has no \(text) period on a \(day.rawValue)")
            }
            guard let priceNode = m["price"] else { throw item.error("missing price") }
            let band = TimeBand(fromMinute: from, toMinute: to, period: period, price: try price(priceNode))
            let reached = out.last?.toMinute ?? 0
            if band.fromMinute > reached {
                throw item.error("a gap from \(clock(reached)) to \(clock(band.fromMinute)): every quarter hour needs a price")
            }
            if band.fromMinute < reached {
                throw item.error("overlaps the band before it (which ends at \(clock(reached)))")
            }
            out.append(band)
        }
        let end = out.last?.toMinute ?? 0
        guard end == 1440 else { throw node.error("the bands end at \(clock(end)): a day runs to 24:00") }
        return out
    }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60
        let m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    static func quarterTable(_ bands: [Season: [TariffDayType: [TimeBand]]]) -> [[(period: TOUPeriod, price: Double)]] {
        var table = [[(period: TOUPeriod, price: Double)]](repeating: [], count: 6)
        for season in Season.allCases {
            for day in TariffDayType.allCases {
                var row: [(period: TOUPeriod, price: Double)] = []
                for band in bands[season]?[day] ?? [] {
                    for _ in stride(from: band.fromMinute, to: band.toMinute, by: 15) { row.append((band.period, band.price)) }
                }
                table[index(season, day)] = row
            }
        }
        return table
    }
}
