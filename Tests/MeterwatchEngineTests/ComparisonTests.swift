import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchStore
import Testing

@testable import MeterwatchEngine

@Suite struct ComparisonTests {
    func cityHall(_ backend: Backend = .sqlite) throws -> TestSite {
        let site = try TestSite(TestSite.cityHall, backend: backend)
        try site.importReadings(
            "meter,start,end,value\n" + TestSite.bills("power-bill", year: 2018, month: 7, TestSite.electricity2018)
                + TestSite.bills("power-bill", year: 2019, month: 7, TestSite.electricity2019)
                + TestSite.bills("water-bill", year: 2018, month: 7, TestSite.water2018)
                + TestSite.bills("water-bill", year: 2019, month: 7, TestSite.water2019))
        return site
    }

    @Test(arguments: Backend.allCases) func theSourceReportsFiguresExactly(_ backend: Backend) throws {
        let site = try cityHall(backend)
        let e = try site.engine.compare(.category(.electricity), period: Period.parse("2019H2"), against: .previousYear)
        #expect(e.current.value == 11_519_200 && e.baseline.value == 11_663_200)
        let change = try #require(e.change)
        #expect(e.basis == .whole && !e.inProgress)
        #expect(change.absolute == -144_000)
        #expect(change.percent == -144_000.0 / 11_663_200 * 100)
        #expect(DisplayFormat.number(change.percent!, decimals: 2) == "-1.23")
        #expect(e.current.days == 184 && e.current.coverage == 1 && e.baseline.coverage == 1)
        #expect(e.warnings.isEmpty)
        let w = try site.engine.compare(.category(.water), period: Period.parse("roc:108H2"), against: .previousYear)
        #expect(w.current.value == 84_975 && w.baseline.value == 85_862 && w.change?.absolute == -887)
        #expect(DisplayFormat.number(try #require(w.change?.percent), decimals: 2) == "-1.03")
        #expect(w.current.unit == "m3")
    }

    @Test(arguments: Backend.allCases) func againstThePreviousPeriodAndAnyPeriod(_ backend: Backend) throws {
        let site = try cityHall(backend)
        let q = try site.engine.compare(.meter("power-bill"), period: Period.parse("2019Q4"), against: .previousPeriod)
        #expect(q.baseline.period.id == "2019Q3")
        #expect(q.current.value == 1_931_200 + 1_801_600 + 1_692_800)
        #expect(q.baseline.value == 2_004_800 + 2_101_600 + 1_987_200)
        let m = try site.engine.compare(.meter("power-bill"), period: Period.parse("2019-12"), against: .period(Period.parse("2018-07")))
        #expect(m.change?.absolute == Double(1_692_800 - 2_030_400))
    }

    @Test(arguments: Backend.allCases) func partialCoverageIsWarned(_ backend: Backend) throws {
        let site = try cityHall(backend)
        // The 2019 bill for December is missing on a second meter set: only 5 of 6 months.
        let other = try TestSite(TestSite.cityHall, backend: backend)
        try other.importReadings(
            "meter,start,end,value\n" + TestSite.bills("power-bill", year: 2018, month: 7, TestSite.electricity2018)
                + TestSite.bills("power-bill", year: 2019, month: 7, Array(TestSite.electricity2019.prefix(5))))
        let c = try other.engine.compare(.category(.electricity), period: Period.parse("2019H2"), against: .previousYear)
        #expect(abs(c.current.coverage - 153.0 / 184) < 1e-12)
        // The coverages differ too much to compare the totals: only the days both sides cover count.
        #expect(c.basis == .commonDays && c.comparedDays == 153)
        let common = TestSite.electricity2019.prefix(5).reduce(0, +) - TestSite.electricity2018.prefix(5).reduce(0, +)
        #expect(abs(try #require(c.change).absolute - common) < 1e-6)
        #expect(c.warnings.contains(.commonDaysOnly(days: 153, of: 184, coverage: c.current.coverage, baseCoverage: 1)))
        #expect(
            c.warnings.map { $0.text(.en) }.contains { $0.hasPrefix("coverage differs (83.2 % against 100.0 %): only the 153 of 184 days") }
        )
        // A custom range cut inside a month is taken pro rata from days, with full coverage.
        let part = try site.engine.compare(.meter("power-bill"), period: Period.parse("2019-07-16..2019-07-31"), against: .previousYear)
        #expect(abs(part.current.value - 2_004_800.0 * 16 / 31) < 1e-6)
        #expect(part.current.coverage == 1)
        // A tag without data: coverage 0 and said.
        let sub = try site.engine.compare(.tag("sub"), period: Period.parse("2019H2"), against: .previousYear)
        #expect(sub.warnings.contains(.metersWithoutData(["lighting"])))
        #expect(sub.change?.percent == nil)
    }

    /// 26 November 2026, 10:30: 2026 is compared to date with the same dates and hours of 2025, and
    /// the baseline equals, to the unit, the sum of those hours last year.
    @Test(arguments: Backend.allCases) func aRunningYearIsComparedToDate(_ backend: Backend) throws {
        let site = try TestSite(
            """
            site: { name: Test, timezone: Asia/Taipei }
            meters: [ { id: m, category: electricity, unit: kWh } ]
            kpis:
              - { id: saving, unit: "%", target: 1, derive: { compare: { meter: m }, against: previous-year, value: reduction-percent } }
            """, backend: backend)
        let parser = TimeParser(calendar: site.store.calendar)
        let now = try parser.parseInstant("2026-11-26T10:30:00+08:00")
        let start = try parser.parseInstant("2025-01-01")
        // Hourly readings; the use of hour k is 1 + k mod 7 kWh, a little less in 2026.
        func use(_ k: Int64, _ t: Int64) -> Double { Double(1 + k % 7) * (t >= (try! parser.parseInstant("2026-01-01")) ? 0.9 : 1) }
        var csv = "meter,time,value\n"
        var counter = 0.0
        var t = start
        var k: Int64 = 0
        while t <= now - 3_600_000 {
            csv += "m,\(site.store.calendar.isoString(t)),\(counter)\n"
            counter += use(k, t)
            t += 3_600_000
            k += 1
        }
        csv += "m,\(site.store.calendar.isoString(t)),\(counter)\n"
        try site.importReadings(csv)
        let engine = ComparisonEngine(config: site.config, store: try site.readings, now: now)
        let c = try engine.compare(.meter("m"), period: Period.parse("2026"), against: .previousYear)
        #expect(c.basis == .toDate && c.inProgress)
        // The readings end at 10:00: both sides run to 10:00, not to the clock's 10:30.
        #expect(c.current.end == "2026-11-26T10:00:00+08:00" && c.baseline.end == "2025-11-26T10:00:00+08:00")
        // The same dates and hours of 2025: whole hours to 10:00.
        let cut = try parser.parseInstant("2025-11-26T10:00:00+08:00")
        var expected = 0.0
        var hour = start
        var index: Int64 = 0
        while hour < cut {
            expected += use(index, hour)
            hour += 3_600_000
            index += 1
        }
        #expect(abs(c.baseline.value - expected) < 1e-6, "\(c.baseline.value) vs \(expected)")
        #expect(c.current.coverage == 1 && c.baseline.coverage == 1)
        #expect(c.baseline.label.text(.zhTW) == "114年同期" && c.current.label.text(.zhTW) == "115年1月1日至11月26日")
        #expect(c.warnings.contains(.comparedToDate(through: "2026-11-26T10:00:00+08:00")))
        #expect(c.warnings.contains(.dataEndsAt(through: "2026-11-26T10:00:00+08:00")))
        // Month by month: December has not begun, November runs to date.
        let months = try engine.monthly(try engine.resolve(.meter("m")), period: Period.parse("2026"), against: .previousYear)
        #expect(months.count == 12)
        #expect(months[11].current == nil && !months[11].inProgress)
        #expect(months[10].inProgress && months[10].current != nil)
        // A KPI derived from a running year is provisional: on track, never met.
        let kpi = try #require(try KPIEvaluator(engine: engine).evaluate(period: Period.parse("2026")).first)
        #expect(kpi.provisional && kpi.status == .onTrack)
    }

    @Test(arguments: Backend.allCases) func leapYearPeriodsAreStated(_ backend: Backend) throws {
        let site = try TestSite(TestSite.cityHall, backend: backend)
        try site.importReadings(
            "meter,start,end,value\n" + TestSite.bills("power-bill", year: 2019, month: 2, [28_000])
                + TestSite.bills("power-bill", year: 2020, month: 2, [29_000]))
        let c = try site.engine.compare(.meter("power-bill"), period: Period.parse("2020-02"), against: .previousYear)
        #expect(c.current.days == 29 && c.baseline.days == 28)
        #expect(c.change?.absolute == 1000)
        #expect(c.change?.perDay == 0)
        #expect(c.warnings.contains(.leapDayIn(period: "2020-02", days: 29, otherDays: 28)))
    }

    @Test(arguments: Backend.allCases) func dstMonthsInNewYork(_ backend: Backend) throws {
        let site = try TestSite(
            """
            site: { name: NY, timezone: America/New_York }
            meters: [ { id: m, category: electricity, unit: kWh } ]
            """, backend: backend)
        // One kWh a minute across March 2019 (23-hour day) and March 2018 (also 23 hours).
        var csv = "meter,time,value\n"
        for (year, offset) in [(2018, 0.0), (2019, 1e6)] {
            let parser = TimeParser(calendar: site.store.calendar)
            let a = try parser.parseInstant("\(year)-03-01")
            let b = try parser.parseInstant("\(year)-04-01")
            var t = a
            var v = offset
            while t <= b {
                csv += "m,\(LocalCalendar(rules: .utc).isoString(t)),\(v)\n"
                t += msPerMinute
                v += 1
            }
        }
        try site.importReadings(csv)
        let c = try site.engine.compare(.meter("m"), period: Period.parse("2019-03"), against: .previousYear)
        #expect(c.current.value == 31 * 1440 - 60)  // the month is an hour short
        #expect(c.baseline.value == 31 * 1440 - 60)
        #expect(c.current.start == "2019-03-01T00:00:00-05:00" && c.current.end == "2019-04-01T00:00:00-04:00")
        #expect(c.current.coverage == 1)
    }
}

@Suite struct KPITests {
    @Test(arguments: Backend.allCases) func enteredDerivedAndNotAvailable(_ backend: Backend) throws {
        let site = try TestSite(TestSite.cityHall, backend: backend)
        try site.importReadings(
            "meter,start,end,value\n" + TestSite.bills("power-bill", year: 2018, month: 7, TestSite.electricity2018)
                + TestSite.bills("power-bill", year: 2019, month: 7, TestSite.electricity2019))
        try site.store.setKPIActual(
            KPIActual(kpi: "budget-execution", period: "2019H2", actual: 92.39, enteredBy: "secretariat", enteredAtMs: 0))
        try site.store.setKPIActual(
            KPIActual(kpi: "dormitory-days", period: "2019H2", actual: 6.6, enteredBy: "secretariat", enteredAtMs: 0))
        let results = try KPIEvaluator(engine: site.engine).evaluate(period: Period.parse("2019H2"))
        let budget = try #require(results.first { $0.id == "budget-execution" })
        #expect(budget.attainmentPercent == 92.39 / 95 * 100)
        #expect(DisplayFormat.number(budget.attainmentPercent!, decimals: 2) == "97.25")
        #expect(budget.status == .notMet && budget.source == "entered" && budget.enteredBy == "secretariat")
        #expect(abs(budget.margin! - -2.61) < 1e-9)
        let dorm = try #require(results.first { $0.id == "dormitory-days" })
        #expect(dorm.attainmentPercent == 100)
        #expect(dorm.attainmentUncappedPercent == 7 / 6.6 * 100)
        #expect(abs(dorm.margin! - 0.4) < 1e-9 && dorm.status == .met)
        let saving = try #require(results.first { $0.id == "electricity-saving" })
        #expect(saving.source == "derived")
        #expect(saving.actual == 144_000.0 / 11_663_200 * 100)
        #expect(saving.attainmentPercent == 100 && saving.status == .met)
        // Another period: nothing entered, no data: explicit n/a with reasons.
        let empty = try KPIEvaluator(engine: site.engine).evaluate(period: Period.parse("2017H2"))
        #expect(empty.allSatisfy { $0.status == .notApplicable && $0.reason != nil })
        try site.store.setKPIActual(KPIActual(kpi: "dormitory-days", period: "2020H1", actual: 0, enteredBy: "x", enteredAtMs: 0))
        let zero = try KPIEvaluator(engine: site.engine).evaluate(site.config.kpis[1], period: Period.parse("2020H1"))
        #expect(zero.status == .notApplicable && zero.reason == .kpiActualZero)
    }
}

@Suite struct FuelTests {
    /// A Big5 fuel log with ROC dates, Chinese headers, 95 grade and diesel.
    func big5Log(_ rows: [String]) -> Data {
        let text = (["日期,車號,油品,數量(公升),金額,里程,加油站"] + rows).joined(separator: "\r\n") + "\r\n"
        return TextDecodingTestHelper.big5(text)
    }

    @Test(arguments: Backend.allCases) func big5LogWithROCDates(_ backend: Backend) throws {
        let site = try TestSite(TestSite.cityHall, backend: backend)
        let importer = FuelLogImporter(store: site.store)
        let log = big5Log([
            "108/07/01,abc-1234,95無鉛汽油,40.5,1215,12000,中油市府站",
            "108.7.15,ABC-1234,95,38.25,1150,12420,中油市府站",
            "1080801,KLM-0001,超級柴油,50,1400,,",
            "108/07/15,ABC-1234,95,38.25,1150,12420,中油市府站",
        ])  // the same refuel twice
        let r = try importer.importData(log, file: "fuel.csv", skipInvalid: false)
        #expect(r.encoding == .big5)
        #expect(r.report.inserted == 3 && r.duplicates == 1)
        let again = try importer.importData(log, file: "fuel.csv", skipInvalid: false)
        #expect(again.report.inserted == 0 && again.duplicates == 4)
        let c = try site.engine.compare(.category(.fuel), period: Period.parse("2019-07"), against: .previousPeriod)
        #expect(c.current.value == 78.75 && c.current.unit == "L")
        let v = try site.engine.compare(.vehicle("ABC-1234"), period: Period.parse("roc:108H2"), against: .previousYear)
        #expect(v.current.value == 78.75)
        let summary = VehicleFuelSummary.summarize(
            try site.store.refuels(from: CivilDate(year: 2019, month: 7, day: 1), to: CivilDate(year: 2020, month: 1, day: 1)))
        let abc = try #require(summary.first { $0.vehicle == "ABC-1234" })
        #expect(abc.distanceKm == 420 && abc.kmPerLitre == 420 / 38.25 && abc.amount == 2365)
        let klm = try #require(summary.first { $0.vehicle == "KLM-0001" })
        #expect(klm.dieselLitres == 50 && klm.kmPerLitre == nil)
    }

    @Test func malformedRowsAreRejectedWithLineNumbersAndNothingIsStored() throws {
        let site = try TestSite(TestSite.cityHall)
        let importer = FuelLogImporter(store: site.store)
        let log = big5Log([
            "108/07/01,ABC-1234,汽油,40,,,",
            "108/13/01,ABC-1234,汽油,40,,,",
            "108/07/02,ABC-1234,煤油,40,,,",
            "108/07/03,ABC-1234,柴油,-3,,,",
            "108/07/04,,柴油,30,,,",
            "108/07/05,ABC-1234,柴油,30,,abc,",
        ])
        do {
            _ = try importer.importData(log, file: "fuel.csv", skipInvalid: false)
            Issue.record("expected a failure")
        } catch let f as ImportFailure {
            #expect(f.errors.map(\.line) == [3, 4, 5, 6, 7])
            #expect(f.errors.map { $0.field ?? "" } == ["date", "fuel", "litres", "vehicle", "odometer"])
            // Columns count characters from 1, a CJK character as one.
            #expect(f.errors.map { $0.column ?? 0 } == [1, 20, 23, 11, 27])
        }
        #expect(try site.store.refuels(from: CivilDate(year: 2000, month: 1, day: 1), to: CivilDate(year: 2100, month: 1, day: 1)).isEmpty)
        let partial = try importer.importData(log, file: "fuel.csv", skipInvalid: true)
        #expect(partial.report.inserted == 1 && partial.rejected.count == 5)
    }

    @Test func englishHeadersAndISODates() throws {
        let site = try TestSite(TestSite.cityHall)
        let csv =
            "\u{FEFF}Date,Vehicle,Fuel,Litres,Amount "
            + "(NT$),Odometer,Station\n2019-07-01,ABC-1234,petrol,40,\"1,200\",100,CPC\n2019-07-09,ABC-1234,gasoline,20,600,500,CPC\n"
        let r = try FuelLogImporter(store: site.store).importData(Data(csv.utf8), file: "f.csv", skipInvalid: false)
        #expect(r.report.inserted == 2 && r.encoding == .utf8)
        #expect(
            FuelLogImporter.fuelType("92無鉛") == .petrol && FuelLogImporter.fuelType("98") == .petrol
                && FuelLogImporter.fuelType("Diesel") == .diesel)
    }
}

enum TextDecodingTestHelper {
    /// Encodes text as Big5 (CP950) with iconv, the way Excel on a Traditional Chinese Windows saves CSV.
    static func big5(_ text: String) -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", "CP950"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try! p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try! input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }
}
