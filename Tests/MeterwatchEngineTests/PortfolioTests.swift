import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchPostgres
import Testing

@testable import MeterwatchEngine

/// The portfolio: every building compared as its own scoped configuration, the intensity over the
/// last twelve complete months, ranks, and the total; exact figures from monthly bills.
@Suite struct PortfolioTests {
    static let yaml = """
        site: { name: City, timezone: Asia/Taipei }
        sites:
          - { id: a, name: { en: Hall A, zh-TW: 甲棟 }, floor_area_m2: 10000 }
          - { id: b, floor_area_m2: 2000 }
          - { id: c }
          - { id: d, floor_area_m2: 500 }
          - { id: e, floor_area_m2: 800 }
        meters:
          - { id: a-main, site: a, category: electricity, tags: [main] }
          - { id: a-sub, site: a, category: electricity }
          - { id: b-main, site: b, category: electricity }
          - { id: c-main, site: c, category: electricity }
          - { id: d-water, site: d, category: water }
          - { id: e-new, site: e, category: electricity }
        """

    /// 2024 and 2025 bills: A 100,000 → 90,000 a month, B 30,000 → 31,500, C 5,000 → 4,000; A's
    /// sub-meter (not its total) 99,999; E's meter was installed in October 2025.
    static var bills: String {
        var csv = "meter,start,end,value\n"
        csv += TestSite.bills("a-main", year: 2024, month: 1, Array(repeating: 100_000, count: 12) + Array(repeating: 90_000, count: 12))
        csv += TestSite.bills("a-sub", year: 2024, month: 1, Array(repeating: 99_999, count: 24))
        csv += TestSite.bills("b-main", year: 2024, month: 1, Array(repeating: 30_000, count: 12) + Array(repeating: 31_500, count: 12))
        csv += TestSite.bills("c-main", year: 2024, month: 1, Array(repeating: 5_000, count: 12) + Array(repeating: 4_000, count: 12))
        csv += TestSite.bills("e-new", year: 2025, month: 10, [700, 700, 700])
        return csv
    }

    func site(_ backend: Backend = .sqlite) throws -> TestSite {
        let site = try TestSite(Self.yaml, backend: backend)
        try site.importReadings(Self.bills)
        return site
    }

    func at(_ site: TestSite, _ text: String) throws -> Int64 { try TimeParser(calendar: site.store.calendar).parseInstant(text) }

    @Test(arguments: Backend.allCases) func aYearThatIsOverRanksEveryBuildingAndAddsUpTheTotal(_ backend: Backend) throws {
        let site = try site(backend)
        let engine = PortfolioEngine(config: site.config, store: try site.readings, now: try at(site, "2026-03-15T12:00:00+08:00"))
        let p = try engine.portfolio(.electricity, period: try Period.parse("2025"), against: .previousYear)
        #expect(p.trailing.id == "2025-01-01..2025-12-31" && p.trailingBaseline.id == "2024-01-01..2024-12-31")
        #expect(p.rows.map { $0.building?.id } == ["a", "b", "c", "d", "e"])
        let (a, b, c, d, e) = (p.rows[0], p.rows[1], p.rows[2], p.rows[3], p.rows[4])
        // Each building's own total: A's main meter, not its sub-meter.
        #expect(a.comparison?.current.value == 1_080_000 && a.comparison?.baseline.value == 1_200_000)
        #expect(a.comparison?.change?.percent == -10)
        #expect(a.intensity == 108 && a.baselineIntensity == 120 && a.intensityChangePercent == -10)
        #expect(b.comparison?.current.value == 378_000 && b.comparison?.change?.percent == 5)
        #expect(b.intensity == 189 && b.baselineIntensity == 180)
        // No floor area: compared and ranked by change, no intensity.
        #expect(c.comparison?.change?.percent == -20 && c.intensity == nil && c.rankByIntensity == nil)
        // No electricity meter: nothing to compare.
        #expect(d.comparison == nil && d.trailing == nil && d.intensity == nil && d.rankByChange == nil)
        // Three months of twelve: no intensity (it would flatter the building), no change.
        #expect(e.comparison?.current.value == 2_100 && e.intensity == nil && e.comparison?.change == nil)
        #expect([a, b, c].map(\.rankByIntensity) == [1, 2, nil])
        #expect([a, b, c].map(\.rankByChange) == [2, 3, 1])
        #expect(p.rankedByIntensity.map { $0.building?.id } == ["a", "b", "c", "d", "e"])
        // The total: every building's total meters; the intensity over the buildings that have one.
        #expect(p.total.building == nil)
        let total = try #require(p.total.comparison?.current.value)
        #expect(total == 1_080_000 + 378_000 + 48_000 + 2_100, "\(total.bitPattern) \(String(format: "%.10f", total))")
        #expect(p.total.floorAreaM2 == 12_000)
        #expect(p.total.intensity == (1_080_000 + 378_000) / 12_000.0)
        #expect(p.total.baselineIntensity == 130)
        #expect(abs(p.total.intensityChangePercent! - (1_458_000.0 - 1_560_000) / 1_560_000 * 100) < 1e-12)
    }

    /// On PostgreSQL every building is summed from one read per range: a fixed number of statements
    /// whatever the number of buildings, and the same figures as SQLite's to the last digit.
    @Test func thePortfolioOnPostgreSQLReadsEachRangeOnce() throws {
        let sqlite = try site(.sqlite)
        let postgres = try site(.postgres)
        let database = try #require(try postgres.readings as? PostgresStore)
        for (period, now) in [
            ("2025", "2026-03-15T12:00:00+08:00"), ("2025", "2025-08-15T12:00:00+08:00"), ("2025H2", "2026-01-10T08:00:00+08:00"),
        ] {
            let at = try at(sqlite, now)
            let expected = try PortfolioEngine(config: sqlite.config, store: sqlite.store, now: at)
                .portfolio(.electricity, period: try Period.parse(period), against: .previousYear)
            let before = database.statementsSent
            let got = try PortfolioEngine(config: postgres.config, store: database, now: at)
                .portfolio(.electricity, period: try Period.parse(period), against: .previousYear)
            let statements = database.statementsSent - before
            #expect(got == expected, "\(period) at \(now)")
            // The series, where their data ends (one statement), and each range once (current, baseline,
            // the trailing year and its baseline, to date and whole); without the batch, four ranges a
            // building: 29.
            #expect(statements <= 14, "\(statements) statements for \(period) at \(now)")
        }
    }

    @Test(arguments: Backend.allCases) func aYearInProgressIsComparedToDateAndTheIntensityUsesCompleteMonths(_ backend: Backend) throws {
        let site = try site(backend)
        let engine = PortfolioEngine(config: site.config, store: try site.readings, now: try at(site, "2025-08-15T12:00:00+08:00"))
        let p = try engine.portfolio(.electricity, period: try Period.parse("2025"), against: .previousYear)
        let a = p.rows[0]
        #expect(a.comparison?.inProgress == true && a.comparison?.basis == .toDate)
        // August to July: five months of 2024 and seven of 2025.
        #expect(p.trailing.id == "2024-08-01..2025-07-31")
        let trailing = try #require(a.trailing?.current.value)
        #expect(trailing == 5 * 100_000 + 7 * 90_000, "\(String(format: "%.10f", trailing))")
        #expect(a.intensity == 113)
        // The twelve months before are recorded from January only: the change is taken over the
        // months both cover (January to July), and no baseline intensity over a partial year is given.
        #expect(a.trailing?.basis == .commonDays && a.trailing?.comparedDays == 212)
        // Paired by date, 29 February 2024 has no partner: its share of February's bill is left out.
        let baseline = 700_000 - 100_000 / 29.0
        #expect(abs(a.intensityChangePercent! - (630_000 - baseline) / baseline * 100) < 1e-9, "\(a.intensityChangePercent!)")
        #expect(a.baselineIntensity == nil)
        #expect(p.total.intensityChangePercent == nil && p.total.intensity != nil)
    }

    @Test func equalFiguresShareARankAndTheJSONNamesEveryField() throws {
        var rows = [
            PortfolioRow(building: Building(id: "x", name: LocalizedName(en: "X")), intensity: 100),
            PortfolioRow(building: Building(id: "y", name: LocalizedName(en: "Y")), intensity: 90),
            PortfolioRow(building: Building(id: "z", name: LocalizedName(en: "Z")), intensity: 100),
        ]
        PortfolioEngine.rank(&rows)
        #expect(rows.map(\.rankByIntensity) == [2, 1, 2])
        let site = try site()
        let p = try PortfolioEngine(config: site.config, store: site.store, now: try at(site, "2026-03-15T12:00:00+08:00"))
            .portfolio(.electricity, period: try Period.parse("2025"), against: .previousYear)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(p)) as? [String: Any])
        #expect(json["intensity_unit"] as? String == "kWh/m2/yr" && json["intensity_months"] as? String == "2025-01-01..2025-12-31")
        let buildings = try #require(json["buildings"] as? [[String: Any]])
        #expect(buildings[0]["site"] as? String == "a" && (buildings[0]["name"] as? [String: String])?["zh-TW"] == "甲棟")
        #expect(buildings[0]["rank_by_intensity"] as? Int == 1 && buildings[0]["intensity"] as? Double == 108)
        // Missing figures are explicit nulls, not absent keys.
        #expect(buildings[3].keys.contains("comparison") && buildings[3]["comparison"] is NSNull)
        #expect((json["total"] as? [String: Any])?["site"] is NSNull)
    }
}
