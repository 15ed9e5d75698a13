import MeterwatchCore
import Testing

@testable import MeterwatchConfig

/// `sites:`: several buildings in one deployment, each meter in one of them; a configuration
/// narrowed to one building (`scoped(to:)`) is what `--site`, `site=` and the pages' picker use.
@Suite struct SitesConfigTests {
    static let portfolio = """
        site: { name: { en: Taipei City Government, zh-TW: 臺北市政府 }, timezone: Asia/Taipei }
        sites:
          - { id: city-hall, name: { en: City Hall, zh-TW: 市政大樓 }, floor_area_m2: 98000, fleet: true }
          - { id: library, name: { en: Library, zh-TW: 圖書館 }, floor_area_m2: 3900 }
          - { id: depot }
        meters:
          - { id: hall-power, site: city-hall, category: electricity, tags: [main] }
          - { id: hall-lights, site: city-hall, category: electricity, tags: [lighting] }
          - { id: hall-water, site: city-hall, category: water }
          - { id: library-power, site: library, category: electricity }
          - { id: depot-power, site: depot, category: electricity, tags: [lighting] }
        kpis:
          - { id: power-down, name: Power down, unit: "%", target: 1, derive: { compare: { category: electricity } } }
          - { id: water-down, name: Water down, unit: "%", target: 1, derive: { compare: { category: water } } }
          - { id: lights, name: Lights, unit: "%", target: 1, derive: { compare: { tag: lighting } } }
          - { id: hall-only, name: Hall, unit: "%", target: 1, derive: { compare: { meter: hall-power } } }
          - { id: fuel-down, name: Fuel, unit: "%", target: 1, derive: { compare: { category: fuel } } }
          - { id: audit, name: Audit, unit: "%", target: 95 }
        """

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try SiteConfig.parse(yaml: yaml, file: "site.yaml")
            return nil
        } catch { return error }
    }

    @Test func aPortfolioListsItsBuildingsAndPlacesEveryMeter() throws {
        let c = try SiteConfig.parse(yaml: Self.portfolio, file: "site.yaml")
        #expect(c.isPortfolio && c.scope == nil)
        #expect(c.buildings.map(\.id) == ["city-hall", "library", "depot"])
        #expect(c.buildings.map(\.floorAreaM2) == [98_000, 3_900, nil])
        #expect(c.buildings.map(\.hasFleet) == [true, false, false])
        #expect(c.building(id: "depot")?.displayName(.zhTW) == "depot")
        #expect(c.meter(id: "library-power")?.site == "library")
        #expect(c.includesFleet)
    }

    @Test func aScopedConfigurationSeesOneBuilding() throws {
        let c = try SiteConfig.parse(yaml: Self.portfolio, file: "site.yaml")
        let hall = try #require(c.scoped(to: "city-hall"))
        #expect(hall.scope?.id == "city-hall" && hall.site.name.text(.zhTW) == "市政大樓")
        #expect(hall.meters.map(\.id) == ["hall-power", "hall-lights", "hall-water"])
        #expect(hall.kpis.map(\.id) == ["power-down", "water-down", "lights", "hall-only", "fuel-down"])
        #expect(hall.includesFleet)
        let library = try #require(c.scoped(to: "library"))
        // No water meter, no lighting tag, not the fleet: those KPIs are not the library's; entered
        // actuals are the deployment's.
        #expect(library.kpis.map(\.id) == ["power-down"])
        #expect(!library.includesFleet)
        #expect(try #require(c.scoped(to: "depot")).kpis.map(\.id) == ["power-down", "lights"])
        #expect(c.scoped(to: "nowhere") == nil)
    }

    /// A building's own KPIs (`site:`) are in its scope alone; the deployment's entered ones in none.
    @Test func aBuildingKeepsItsOwnKPIs() throws {
        let yaml = Self.portfolio + "\n  - { id: library-audit, site: library, unit: \"%\", target: 90 }\n"
        let c = try SiteConfig.parse(yaml: yaml, file: "site.yaml")
        #expect(c.kpis.first { $0.id == "library-audit" }?.site == "library")
        #expect(c.scoped(to: "library")?.kpis.map(\.id) == ["power-down", "library-audit"])
        #expect(c.scoped(to: "depot")?.kpis.map(\.id) == ["power-down", "lights"])
    }

    /// A building's alert rule watches its meters alone; naming another building's meter is a mistake.
    @Test func aBuildingsAlertRuleWatchesItsMetersAlone() throws {
        let rules =
            "\nalerts:\n  rules:\n    - { id: lib-stale, type: stale, site: library, max_age: 10m }\n"
            + "    - { id: all-stale, type: stale, max_age: 10m }\n"
        let c = try SiteConfig.parse(yaml: Self.portfolio + rules, file: "site.yaml")
        #expect(c.alerts.rules.map(\.meters) == [["library-power"], c.meters.map(\.id)])
        let named = rules.replacingOccurrences(of: "site: library,", with: "site: library, meters: [hall-power],")
        let e = try #require(error(Self.portfolio + named))
        #expect(
            e.key == "alerts.rules[0].meters[0]" && e.message.contains("meter 'hall-power' is in site 'city-hall', not 'library'"), "\(e)")
        let unknown = try #require(error(Self.portfolio + rules.replacingOccurrences(of: "site: library", with: "site: annex")))
        #expect(unknown.key == "alerts.rules[0].site" && unknown.message.contains("unknown site 'annex'"), "\(unknown)")
        let single = try #require(error("site: { timezone: Asia/Taipei }\nmeters: [ { id: m, category: water } ]\n" + rules))
        #expect(single.key == "alerts.rules[0].site" && single.message.contains("only when sites: lists the buildings"), "\(single)")
    }

    @Test func aSingleBuildingConfigurationKeepsWorkingAndMayNameItsArea() throws {
        let c = try SiteConfig.parse(
            yaml: """
                site: { id: hall, name: Hall, timezone: Asia/Taipei, floor_area_m2: 12000 }
                meters: [ { id: m, category: electricity } ]
                """, file: "site.yaml")
        #expect(!c.isPortfolio)
        #expect(c.buildings.map(\.id) == ["hall"] && c.buildings[0].floorAreaM2 == 12_000 && c.buildings[0].hasFleet)
        #expect(c.meter(id: "m")?.site == "hall")
        #expect(c.scoped(to: "hall")?.meters.map(\.id) == ["m"])
        let plain = try SiteConfig.parse(yaml: "site: { timezone: Asia/Taipei }\nmeters: [ { id: m, category: water } ]", file: "s.yaml")
        #expect(plain.buildings.map(\.id) == [Building.defaultID] && plain.meter(id: "m")?.site == Building.defaultID)
    }

    @Test(arguments: [
        (
            "site: city-hall, category", "site: annex, category", "meters[0].site",
            "unknown site 'annex' (expected one of city-hall, library, depot)"
        ),
        ("{ id: hall-water, site: city-hall, category: water }", "{ id: hall-water, category: water }", "meters[2]", "missing site"),
        ("{ id: depot }", "{ id: library }", "sites[2].id", "duplicate site id 'library'"),
        ("floor_area_m2: 3900", "floor_area_m2: 39000000", "sites[1].floor_area_m2", "not plausible"),
        ("floor_area_m2: 3900", "floor_area_m2: -1", "sites[1].floor_area_m2", "not plausible"),
        ("{ id: depot }", "{ id: depot, timezone: Asia/Tokyo }", "sites[2].timezone", "every site of one deployment uses"),
        ("{ id: depot }", "{ id: 'depot 2' }", "sites[2].id", "ASCII letters"),
        ("{ id: library, name", "{ id: library, fleet: true, name", "sites[1].fleet", "only one site holds the fleet"),
        (
            "timezone: Asia/Taipei }", "timezone: Asia/Taipei, floor_area_m2: 5 }", "site.floor_area_m2",
            "give each building's floor_area_m2 there"
        ),
        ("{ id: audit, name", "{ id: audit, site: annex, name", "kpis[5].site", "unknown site 'annex'"),
        // A building's derived KPI compares that building's meters.
        ("{ id: hall-only, name", "{ id: hall-only, site: library, name", "kpis[3].derive.compare.meter", "unknown meter 'hall-power'"),
    ])
    func aMistakeInTheSitesNamesItsPlace(find: String, replace: String, key: String, message: String) throws {
        let yaml = Self.portfolio.replacingOccurrences(of: find, with: replace)
        #expect(yaml != Self.portfolio)
        let e = try #require(error(yaml))
        #expect(e.key == key, "\(e)")
        #expect(e.message.contains(message), "\(e)")
        #expect(e.line != nil)
    }

    @Test func aMeterNamesASiteOnlyInAPortfolio() throws {
        let e = try #require(error("site: { timezone: Asia/Taipei }\nmeters: [ { id: m, site: hall, category: water } ]"))
        #expect(e.key == "meters[0].site" && e.message.contains("only when sites: lists the buildings"), "\(e)")
        let kpi = try #require(error("site: { timezone: Asia/Taipei }\nkpis: [ { id: k, site: hall, target: 1 } ]"))
        #expect(kpi.key == "kpis[0].site" && kpi.message.contains("only when sites: lists the buildings"), "\(kpi)")
        let empty = try #require(error("site: { timezone: Asia/Taipei }\nsites: []\nmeters: []"))
        #expect(empty.key == "sites" && empty.message.contains("at least one site"), "\(empty)")
    }
}
