import MeterwatchCore

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
    /// The building it belongs to (`site:`, with `sites:`): its actuals are that building's, and a
    /// derived one compares that building's meters alone. Nil: the deployment's (a derived one is
    /// then also evaluated for every building holding meters of its selection).
    public var site: String?

    public func displayName(_ language: Language) -> String { name.text(language) ?? id }

    /// One KPI; `buildings` is the `sites:` list when given.
    static func parse(_ r: YAMLReader, meters: [MeterConfig], buildings: [Building]? = nil) throws(ConfigError) -> KPIDefinition {
        let m = try r.mapping(allowed: ["id", "name", "unit", "direction", "target", "cap", "derive", "site"])
        var site: String?
        if let siteNode = m["site"] {
            guard let buildings else { throw siteNode.error("a KPI names its site only when sites: lists the buildings") }
            let id = try siteNode.nonEmptyString()
            guard buildings.contains(where: { $0.id == id }) else {
                throw siteNode.error("unknown site '\(id)' (expected one of \(buildings.map(\.id).joined(separator: ", ")))")
            }
            site = id
        }
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
            let sel = try parseSelection(cmp, meters: site.map { s in meters.filter { $0.site == s } } ?? meters)
            let against = try dm["against"]?.string() ?? "previous-year"
            guard ["previous-year", "previous-period"].contains(against) else {
                throw dm["against"]!.error("expected previous-year or previous-period")
            }
            var value = DerivedValue.reductionPercent
            if let v = dm["value"] {
                let text = try v.string()
                guard let dv = DerivedValue(rawValue: text) else {
                    throw v.error("expected one of \(DerivedValue.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                value = dv
            }
            derive = KPIDerivation(selection: sel, against: against, value: value)
        }
        let id = try idNode.nonEmptyString()
        var name = LocalizedName(en: id)
        if let n = m["name"] { name = try SiteConfig.localizedName(n) }
        return KPIDefinition(
            id: id, name: name,
            unit: try m["unit"]?.string() ?? "", direction: direction, target: try targetNode.double(),
            capPercent: cap, derive: derive, site: site)
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
