import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchTariffs
import MeterwatchTestSupport
import Testing

@Suite struct TariffFileTests {
    static let builtIn = try! String(
        contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Tariffs/taipower-hv-three-section-2025-10-01.yaml"), encoding: .utf8)

    func parse(_ yaml: String) throws(ConfigError) -> TariffRevision { try TariffRevision.parse(yaml: yaml, file: "t.yaml") }

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch { return error }
    }

    @Test func theBuiltInTariffsLoadWithTheirOffPeakDays() throws {
        let catalog = try TariffCatalog(folders: [])
        #expect(catalog.tariffs.keys.sorted() == ["taipower-ehv-three-section", "taipower-hv-three-section", "taipower-hv-two-section"])
        let t = try catalog.tariff("taipower-hv-three-section")
        let r = try t.revision(on: CivilDate(year: 2026, month: 7, day: 1))
        #expect(r.effective == CivilDate(year: 2025, month: 10, day: 1) && r.basicPrice(.regular, .summer) == 223.6)
        // Lunar New Year 2026: the day before the eve (15 Feb) to lunar 1/5 (21 Feb).
        for d in 15...21 { #expect(try t.classify(CivilDate(year: 2026, month: 2, day: d), under: r).type == .sunday) }
        #expect(try t.classify(CivilDate(year: 2026, month: 2, day: 23), under: r).type == .weekday)
        // A make-up workday is not an off-peak day; an ordinary Saturday is a Saturday.
        #expect(try t.classify(CivilDate(year: 2026, month: 2, day: 14), under: r).type == .saturday)
        #expect(r.season(of: CivilDate(year: 2026, month: 5, day: 15)) == .nonSummer)
        #expect(r.season(of: CivilDate(year: 2026, month: 5, day: 16)) == .summer)
        #expect(r.season(of: CivilDate(year: 2026, month: 10, day: 15)) == .summer)
        #expect(r.season(of: CivilDate(year: 2026, month: 10, day: 16)) == .nonSummer)
    }

    @Test func overlapsGapsNegativePricesAndWrongPeriodsAreErrorsAtTheirLine() throws {
        let overlap = Self.builtIn.replacingOccurrences(
            of: "- { from: \"09:00\", to: \"16:00\", period: half_peak, price: 5.85 }",
            with: "- { from: \"08:00\", to: \"16:00\", period: half_peak, price: 5.85 }")
        let e1 = try #require(error(overlap))
        #expect(e1.line == 19 && e1.message.contains("overlaps"), "\(e1)")
        let gap = Self.builtIn.replacingOccurrences(
            of: "- { from: \"09:00\", to: \"16:00\", period: half_peak, price: 5.85 }",
            with: "- { from: \"10:00\", to: \"16:00\", period: half_peak, price: 5.85 }")
        let e2 = try #require(error(gap))
        #expect(e2.line == 19 && e2.description.contains("a gap from 09:00 to 10:00"), "\(e2)")
        let negative = Self.builtIn.replacingOccurrences(of: "price: 9.39", with: "price: -9.39")
        let e3 = try #require(error(negative))
        #expect(e3.line == 20 && e3.message.contains("0 or more"), "\(e3)")
        let wrong = Self.builtIn.replacingOccurrences(
            of: "- { from: \"00:00\", to: \"24:00\", period: off_peak, price: 2.53 }",
            with: "- { from: \"00:00\", to: \"24:00\", period: peak, price: 2.53 }")
        let e4 = try #require(error(wrong))
        #expect(e4.message.contains("no peak period on a sunday"), "\(e4)")
        let short = Self.builtIn.replacingOccurrences(
            of: "- { from: \"22:00\", to: \"24:00\", period: half_peak, price: 5.85 }",
            with: "- { from: \"22:00\", to: \"23:00\", period: half_peak, price: 5.85 }")
        #expect(error(short)?.message.contains("end at 23:00") == true)
        let offQuarter = Self.builtIn.replacingOccurrences(of: "to: \"16:00\", period: half_peak", with: "to: \"16:10\", period: half_peak")
        #expect(error(offQuarter)?.message.contains("quarter hour") == true)
    }

    @Test func aRevisionInAFolderTakesOverFromItsDay() throws {
        let folder = try TemporaryFolder("tariffs")
        let dir = folder.path
        let next = Self.builtIn.replacingOccurrences(of: "effective: 2025-10-01", with: "effective: 2026-10-01")
            .replacingOccurrences(of: "price: 9.39", with: "price: 10.01")
        try next.write(toFile: dir + "/taipower-hv-three-section-2026-10-01.yaml", atomically: true, encoding: .utf8)
        let t = try TariffCatalog(folders: [dir]).tariff("taipower-hv-three-section")
        #expect(t.revisions.count == 2)
        #expect(try t.revision(on: CivilDate(year: 2026, month: 9, day: 30)).price(.summer, .weekday, quarter: 68).price == 9.39)
        #expect(try t.revision(on: CivilDate(year: 2026, month: 10, day: 1)).price(.summer, .weekday, quarter: 68).price == 10.01)
    }
}
