import MeterwatchCore

/// What a comparison is taken over: one meter, a tag, a category or a vehicle.
public enum Selection: Hashable, Sendable, CustomStringConvertible {
    case meter(String)
    case tag(String)
    case category(MeterCategory)
    case vehicle(String)

    public var description: String {
        switch self {
        case .meter(let m): "meter \(m)"
        case .tag(let t): "tag \(t)"
        case .category(let c): "category \(c.rawValue)"
        case .vehicle(let v): "vehicle \(v)"
        }
    }
}

public enum KPIDirection: String, Sendable, Codable { case higher, lower }

/// Which figure of a comparison a derived KPI takes.
public enum DerivedValue: String, Sendable, Codable, CaseIterable {
    /// (baseline − current) / baseline × 100: positive when consumption fell.
    case reductionPercent = "reduction-percent"
    /// (current − baseline) / baseline × 100.
    case changePercent = "change-percent"
    case reduction
    case change
    case current
}

public struct KPIDerivation: Hashable, Sendable {
    public var selection: Selection
    /// `previous-year` or `previous-period`.
    public var against: String
    public var value: DerivedValue
}

/// A KPI with a target; its actual value is entered (`kpi set`) or derived from a comparison.
public struct KPIDefinition: Hashable, Sendable {
    public var id: String
    public var name: LocalizedName
    public var unit: String
    public var direction: KPIDirection
    public var target: Double
    /// Attainment is reported capped at this percentage (default 100); nil = uncapped.
    public var capPercent: Double?
    public var derive: KPIDerivation?

    public func displayName(_ language: Language) -> String { name.text(language) ?? id }

    static func parse(_ r: YAMLReader, meters: [MeterConfig]) throws(ConfigError) -> KPIDefinition {
        let m = try r.mapping(allowed: ["id", "name", "unit", "direction", "target", "cap", "derive"])
        guard let idNode = m["id"] else { throw r.error("missing id") }
        guard let targetNode = m["target"] else { throw r.error("missing target") }
        var direction = KPIDirection.higher
        if let d = m["direction"] {
            let text = try d.string()
            guard let v = KPIDirection(rawValue: text) else { throw d.error("expected higher or lower, not '\(text)'") }
            direction = v
        }
        var cap: Double? = 100
        if let c = m["cap"] {
            if (try? c.string().lowercased()) == "none" { cap = nil } else { cap = try c.double() }
        }
        var derive: KPIDerivation?
        if let d = m["derive"] {
            let dm = try d.mapping(allowed: ["compare", "against", "value"])
            guard let cmp = dm["compare"] else { throw d.error("missing compare: { category: … } (or meter, tag, vehicle)") }
            let sel = try parseSelection(cmp, meters: meters)
            let against = try dm["against"]?.string() ?? "previous-year"
            guard ["previous-year", "previous-period"].contains(against) else { throw dm["against"]!.error("expected previous-year or previous-period") }
            var value = DerivedValue.reductionPercent
            if let v = dm["value"] {
                let text = try v.string()
                guard let dv = DerivedValue(rawValue: text) else { throw v.error("expected one of \(DerivedValue.allCases.map(\.rawValue).joined(separator: ", "))") }
                value = dv
            }
            derive = KPIDerivation(selection: sel, against: against, value: value)
        }
        let id = try idNode.nonEmptyString()
        var name = LocalizedName(en: id)
        if let n = m["name"] { name = try SiteConfig.localizedName(n) }
        return KPIDefinition(id: id, name: name,
                             unit: try m["unit"]?.string() ?? "", direction: direction, target: try targetNode.double(),
                             capPercent: cap, derive: derive)
    }

    static func parseSelection(_ r: YAMLReader, meters: [MeterConfig]) throws(ConfigError) -> Selection {
        let m = try r.mapping(allowed: ["meter", "tag", "category", "vehicle"])
        guard m.count == 1, let (key, v) = m.first else { throw r.error("give exactly one of meter, tag, category, vehicle") }
        let text = try v.nonEmptyString()
        switch key {
        case "meter":
            guard meters.contains(where: { $0.id == text }) else { throw v.error("unknown meter '\(text)'") }
            return .meter(text)
        case "tag": return .tag(text)
        case "vehicle": return .vehicle(text)
        default:
            guard let c = MeterCategory(rawValue: text) else { throw v.error("unknown category '\(text)'") }
            return .category(c)
        }
    }
}

/// A grid emission factor (kgCO2e per kWh) for one year, with where it was published.
public struct EmissionFactor: Hashable, Sendable, Codable {
    public var year: Int
    public var kgCO2ePerKWh: Double
    public var source: String
    public init(year: Int, kgCO2ePerKWh: Double, source: String) { self.year = year; self.kgCO2ePerKWh = kgCO2ePerKWh; self.source = source }

    /// Taiwan's grid factors as published by the MOEA Energy Administration (經濟部能源署).
    public static let taiwan: [EmissionFactor] = [
        EmissionFactor(year: 2017, kgCO2ePerKWh: 0.554, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2018, kgCO2ePerKWh: 0.533, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2019, kgCO2ePerKWh: 0.509, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2020, kgCO2ePerKWh: 0.502, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2021, kgCO2ePerKWh: 0.509, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2022, kgCO2ePerKWh: 0.495, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration)"),
        EmissionFactor(year: 2023, kgCO2ePerKWh: 0.494, source: "經濟部能源署 電力排碳係數 (MOEA Energy Administration), published 2024-04-26"),
    ]
}

/// Options of the council report and comparisons.
public struct ReportOptions: Hashable, Sendable {
    /// Warn when the two sides' coverage differs by more than this (0.02 = 2 percentage points).
    public var coverageWarningThreshold: Double = 0.02
    /// Categories shown in the report, in order.
    public var categories: [MeterCategory] = [.electricity, .water, .fuel]
    /// Meters that make up the site total per category; default: the category's meters tagged `main`
    /// (or all of its meters when none is tagged).
    public var siteMeters: [MeterCategory: [String]] = [:]
    public var emissionFactors: [EmissionFactor] = EmissionFactor.taiwan
    public init() {}

    static func parse(_ r: YAMLReader) throws(ConfigError) -> ReportOptions {
        var o = ReportOptions()
        let m = try r.mapping(allowed: ["coverage_warning", "categories", "site_meters", "emission_factors"])
        if let v = m["coverage_warning"] {
            o.coverageWarningThreshold = try v.double()
            guard (0...1).contains(o.coverageWarningThreshold) else { throw v.error("expected a share between 0 and 1 (0.02 = 2 points)") }
        }
        if let v = m["categories"] {
            o.categories = []
            for c in try v.sequence() {
                let t = try c.string()
                guard let cat = MeterCategory(rawValue: t) else { throw c.error("unknown category '\(t)'") }
                o.categories.append(cat)
            }
        }
        if let v = m["site_meters"] {
            for (k, list) in try v.mapping(allowed: Set(MeterCategory.allCases.map(\.rawValue))) {
                o.siteMeters[MeterCategory(rawValue: k)!] = try list.stringList()
            }
        }
        if let v = m["emission_factors"] {
            for f in try v.sequence() {
                let fm = try f.mapping(allowed: ["year", "factor", "source"])
                guard let y = fm["year"], let fac = fm["factor"], let src = fm["source"] else { throw f.error("each factor needs year, factor (kgCO2e/kWh) and source") }
                let factor = EmissionFactor(year: try y.int(), kgCO2ePerKWh: try fac.double(), source: try src.nonEmptyString())
                o.emissionFactors.removeAll { $0.year == factor.year }
                o.emissionFactors.append(factor)
            }
            o.emissionFactors.sort { $0.year < $1.year }
        }
        return o
    }
}
