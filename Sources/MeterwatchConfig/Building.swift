import MeterwatchCore

/// One building of a deployment (`sites:` in `meterwatch.yaml`; without it, the one building the
/// `site:` block describes). Commands, API answers and pages can be scoped to it, and it is a row
/// of the portfolio.
///
/// ```yaml
/// sites:
///   - { id: city-hall, name: { zh-TW: 臺北市政大樓, en: Taipei City Hall }, floor_area_m2: 196000, fleet: true }
///   - { id: annex-xinyi, name: { zh-TW: 信義聯合辦公大樓, en: Xinyi Joint Office Building }, floor_area_m2: 18500 }
/// ```
public struct Building: Hashable, Sendable {
    public var id: String
    public var name: LocalizedName
    /// Gross floor area in m², for energy use intensity (kWh per m² per year); nil: no intensity.
    public var floorAreaM2: Double?
    /// Whether the fleet's fuel log (official cars) counts in this building's fuel totals.
    public var hasFleet: Bool

    public init(id: String, name: LocalizedName, floorAreaM2: Double? = nil, hasFleet: Bool = true) {
        self.id = id
        self.name = name
        self.floorAreaM2 = floorAreaM2
        self.hasFleet = hasFleet
    }

    public func displayName(_ language: Language) -> String { name.text(language) ?? id }

    /// The id of the one building of a configuration without `sites:`.
    public static let defaultID = "main"
    /// Floor areas above this are refused as a typo (the largest buildings have about 2 km²).
    public static let largestFloorAreaM2 = 5_000_000.0

    /// Ids follow the meters' rules: they appear in paths and query strings.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    static func parseFloorArea(_ r: YAMLReader) throws(ConfigError) -> Double {
        let area = try r.double()
        guard area > 0, area <= largestFloorAreaM2 else {
            throw r.error("floor area \(area) m² is not plausible (expected more than 0 and at most 5,000,000 m²)")
        }
        return area
    }

    /// The `sites:` list: every building, its id unique; the site's time zone is the only one (a
    /// store keeps its rollups in one zone).
    static func parseList(_ r: YAMLReader, timeZone: String) throws(ConfigError) -> [Building] {
        var buildings: [Building] = []
        var fleetGiven = false
        for item in try r.sequence() {
            let m = try item.mapping(allowed: ["id", "name", "floor_area_m2", "fleet", "timezone"])
            guard let idNode = m["id"] else { throw item.error("missing id") }
            let id = try idNode.nonEmptyString()
            guard isValidID(id) else { throw idNode.error("site ids may contain ASCII letters, digits, '-', '_' and '.' only") }
            guard !buildings.contains(where: { $0.id == id }) else { throw idNode.error("duplicate site id '\(id)'") }
            var building = Building(id: id, name: LocalizedName(en: id), hasFleet: false)
            if let n = m["name"] { building.name = try SiteConfig.localizedName(n) }
            if let a = m["floor_area_m2"] { building.floorAreaM2 = try parseFloorArea(a) }
            if let tz = m["timezone"], try tz.string() != timeZone {
                throw tz.error("every site of one deployment uses the site's time zone \(timeZone) (a store keeps its rollups in one zone)")
            }
            if let f = m["fleet"] {
                building.hasFleet = try f.bool()
                if building.hasFleet && fleetGiven { throw f.error("only one site holds the fleet's fuel log") }
                fleetGiven = fleetGiven || building.hasFleet
            }
            buildings.append(building)
        }
        guard !buildings.isEmpty else { throw r.error("list at least one site (or leave sites: out for a single building)") }
        // The fleet belongs to the first building unless one says otherwise.
        if !fleetGiven { buildings[0].hasFleet = true }
        return buildings
    }
}
