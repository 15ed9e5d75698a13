import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchTariffs
import Testing

@testable import MeterwatchEngine

/// Bills from stored readings, on both stores: the same figures to the last digit, worked out by
/// hand in the comments (Taipower's high-voltage three-section tariff of 2025-10-01).
@Suite(.serialized) struct BillingEngineTests {
    static let yaml = """
        site: { name: { en: Hall, zh-TW: 大樓 }, timezone: Asia/Taipei }
        meters:
          - id: main
            category: electricity
            billing: { tariff: taipower-hv-three-section, contracts: [{ from: 2026-01-01, regular: 500 }], storage: [ess] }
          - { id: chiller, category: electricity }
          - { id: ess, category: storage }
          - id: hourly
            category: electricity
            billing: { tariff: taipower-hv-three-section, contracts: [{ from: 2026-01-01, regular: 500 }] }
        """

    static let calendar = try! LocalCalendar(timeZone: "Asia/Taipei")

    /// August 2026 every quarter hour: the main meter 100 kWh a quarter (400 kW), but Wed 5 Aug
    /// 17:00 140 kWh (560 kW); the chiller 25 kWh; the storage discharging 40 kW over the weekday
    /// peak (16:00–22:00) and charging 60 kW from 00:00 to 06:00 on weekdays; the `hourly` meter
    /// read once an hour.
    static func readings() -> String {
        var lines = ["meter,time,value,quantity"]
        let from = calendar.startOfDay(CivilDate(year: 2026, month: 8, day: 1))
        let to = calendar.startOfDay(CivilDate(year: 2026, month: 9, day: 1))
        let spike = calendar.startOfDay(CivilDate(year: 2026, month: 8, day: 5)) + 17 * 3_600_000
        var main = 1_000_000.0
        var chiller = 50_000.0
        var hourly = 7_000.0
        var t = from
        while t <= to {
            let iso = calendar.isoString(t)
            lines.append("main,\(iso),\(main),energy_import")
            lines.append("chiller,\(iso),\(chiller),energy_import")
            if (t - from) % 3_600_000 == 0 { lines.append("hourly,\(iso),\(hourly),energy_import") }
            let local = calendar.rules.localMs(fromUTC: t)
            let day = CivilDate(daysSinceEpoch: Int(floorDiv(local, msPerDay)))
            let hour = Int(floorMod(local, msPerDay) / 3_600_000)
            let weekday = day.isoWeekday <= 5
            let power = weekday && hour >= 16 && hour < 22 ? 40_000.0 : weekday && hour < 6 ? -60_000 : 0
            lines.append("ess,\(iso),\(power),storage_power")
            main += t == spike ? 140 : 100
            chiller += 25
            hourly += 100
            t += LocalCalendar.quarterMs
        }
        return lines.joined(separator: "\n") + "\n"
    }

    nonisolated(unsafe) static let site: [Backend: TestSite] = {
        var out: [Backend: TestSite] = [:]
        for b in Backend.allCases {
            let s = try! TestSite(yaml, backend: b)
            try! s.importReadings(readings())
            out[b] = s
        }
        return out
    }()

    func engine(_ backend: Backend) throws -> BillingEngine {
        let s = Self.site[backend]!
        return BillingEngine(setup: try BillingSetup(config: s.config), store: try s.readings)
    }

    let aug = CivilDate(year: 2026, month: 8, day: 1)
    let sep = CivilDate(year: 2026, month: 9, day: 1)

    @Test(arguments: Backend.allCases) func theStoredMonthBillsAsByHand(backend: Backend) throws {
        // As BillTests' August: 1,352,139.60 energy + 111,800 basic + 29,068 excess = 1,493,007.60.
        let bill = try engine(backend).bill(meter: "main", from: aug, to: sep)
        #expect(bill.isComplete && bill.measuredQuarters == 31 * 96)
        #expect(abs(bill.total - 1_493_007.6) < 1e-6, "\(bill.total)")
        #expect(bill.maxDemand(.peak)?.kW == 560)
    }

    @Test func bothStoresGiveTheSameBillsToTheLastDigit() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let a = try engine(.sqlite).monthBill(meter: "main", from: aug, to: sep)
        let b = try engine(.postgres).monthBill(meter: "main", from: aug, to: sep)
        #expect(try encoder.encode(a) == encoder.encode(b))
        let d1 = try engine(.sqlite).demand(meter: "main", from: aug, to: sep)
        let d2 = try engine(.postgres).demand(meter: "main", from: aug, to: sep)
        #expect(try encoder.encode(d1) == encoder.encode(d2))
    }

    @Test(arguments: Backend.allCases) func theStorageEarningsSplitIntoShavingArbitrageAndLosses(backend: Backend) throws {
        // Without storage the spike is 600 kW: 100 kW over, 50 × 2 + 50 × 3 at 223.60 = 55,900 against 29,068: 26,832 shaved.
        // Discharged 21 weekdays × 24 quarters × 10 kWh = 5,040 kWh at 9.39 = 47,325.60; charged 21 × 24 × 15 = 7,560 kWh
        // at 2.53 = 19,126.80. Arbitrage 47,325.60 − 5,040 × 2.53 = 34,574.40; losses −2,520 × 2.53 = −6,375.60.
        let e = try #require(try engine(backend).storageEarnings(meter: "main", from: aug, to: sep))
        #expect(abs(e.peakShaving - 26_832) < 1e-6)
        #expect(abs(e.dischargedKWh - 5_040) < 1e-6 && abs(e.chargedKWh - 7_560) < 1e-6)
        #expect(abs(e.arbitrage - 34_574.4) < 1e-6 && abs(e.losses - -6_375.6) < 1e-6)
        #expect(abs(e.total - (26_832 + 28_198.8)) < 1e-6 && abs(e.other) < 1e-6)
        #expect(e.peakWithout == 600 && e.peakWith == 560)
    }

    @Test(arguments: Backend.allCases) func theReportAddsWhatTheStorageEarnedInItsCompleteMonths(backend: Backend) throws {
        let s = Self.site[backend]!
        let now = Self.calendar.startOfDay(CivilDate(year: 2026, month: 10, day: 5))
        let engine = ComparisonEngine(config: s.config, store: try s.readings, now: now)
        let earned = try #require(try self.engine(backend).storageEarnings(meter: "main", from: aug, to: sep))
        // August 2026 as above, against August 2025, which has no readings: nothing earned then.
        let report = try ReportBuilder(engine: engine).build(period: Period.parse("2026-08"), against: .previousYear, language: .zhTW)
        let storage = try #require(report.storage.first)
        #expect(report.storage.count == 1 && storage.months == 1)
        #expect(abs((storage.current?.total ?? 0) - earned.total) < 1e-6 && abs((storage.current?.total ?? 0) - 55_030.8) < 1e-6)
        #expect((storage.baseline?.total ?? 0) == 0)
        let markdown = ReportRenderer.markdown(report)
        #expect(markdown.contains("儲能系統效益（NT$，main）") && markdown.contains("55,031"), "\(markdown)")
        #expect(ReportRenderer.csv(report).contains("storage,儲能系統效益: main,NT$,\(earned.total)"))
        // A period in progress counts only the months before the current one: none yet in October.
        let running = try ReportBuilder(engine: engine).build(period: Period.parse("2026-10"), against: .previousYear, language: .en)
        #expect(running.storage.isEmpty)
    }

    @Test func theHighestQuarterNamesItsSubMeters() throws {
        let d = try engine(.sqlite).demand(meter: "main", from: aug, to: sep, top: 3)
        let first = try #require(d.top.first)
        #expect(first.kW == 560 && first.period == .peak && first.submeters == ["chiller": 100] && first.otherKW == 460)
        #expect(d.loadDuration.count == 31 * 96 && d.loadDuration.first == 560 && d.loadDuration.last == 400)
        #expect(d.allowance[.peak] == 500)
    }

    @Test func readingsAnHourApartAreRefusedForBilling() throws {
        #expect(throws: EngineError.coarseDemand(meter: "hourly", minutes: 60)) {
            _ = try engine(.sqlite).bill(meter: "hourly", from: aug, to: sep)
        }
    }

    @Test func aMonthBeforeTheTariffOrAMeterNotBilledIsAClearError() throws {
        #expect(throws: EngineError.notBilled(meter: "chiller", billed: ["hourly", "main"])) {
            _ = try engine(.sqlite).bill(meter: "chiller", from: aug, to: sep)
        }
        let e = try engine(.sqlite)
        #expect(throws: EngineError.self) {
            _ = try e.bill(meter: "main", from: CivilDate(year: 2025, month: 9, day: 1), to: CivilDate(year: 2025, month: 10, day: 1))
        }
    }

    @Test func aShadowBillFindsAContractDifference() throws {
        // Taipower billed 40 kW more regular contract than configured: 40 × 223.60 = 8,944 more.
        let s = try TestSite(Self.yaml)
        try s.importReadings(Self.readings())
        try s.importReadings(
            "meter,start,end,value,quantity,amount\nmain,2026-08-01,2026-09-01,297640,billed_energy,\(1_493_007.6 + 8_944)\n")
        let shadows = try BillingEngine(setup: try BillingSetup(config: s.config), store: s.store).shadowBills(
            meter: "main", from: aug, to: sep)
        let one = try #require(shadows.first)
        #expect(shadows.count == 1 && one.cause == .contract(kW: 40), "\(one.cause)")
        #expect(abs(one.difference - 8_944) < 1e-6)
    }

    @Test func badContractsAreConfigurationErrorsAtTheirLine() throws {
        func error(_ billing: String) -> ConfigError? {
            let yaml = "site: { name: X, timezone: Asia/Taipei }\nmeters:\n  - id: m\n    category: electricity\n    billing: \(billing)\n"
            do {
                _ = try BillingSetup(config: try SiteConfig.parse(yaml: yaml, file: "b.yaml"))
                return nil
            } catch { return error }
        }
        let low = try #require(error("{ tariff: taipower-hv-three-section, contracts: [{ from: 2026-01-01, regular: 60, off_peak: 30 }] }"))
        #expect(low.line == 5 && low.message.contains("under the tariff's minimum of 100 kW"), "\(low)")
        let kind = try #require(
            error("{ tariff: taipower-hv-two-section, contracts: [{ from: 2026-01-01, regular: 600, half_peak: 30 }] }"))
        #expect(kind.message.contains("no half_peak contract"), "\(kind)")
        let unknown = try #require(error("{ tariff: taipower-lv, contracts: [{ from: 2026-01-01, regular: 600 }] }"))
        #expect(unknown.line == 5 && unknown.message.contains("unknown tariff 'taipower-lv'"), "\(unknown)")
    }
}
