import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchEngine

/// A period in progress is compared up to where its data ends, and a day with a day of its kind:
/// the cases staff met (a daily download that lags a day, hourly readings compared mid-hour, a
/// Monday compared with a Sunday), with their exact figures.
@Suite struct ToTheDataTests {
    static let yaml = """
        site: { name: { en: "Taipei City Hall", zh-TW: "臺北市政府" }, timezone: Asia/Taipei }
        meters:
          - { id: ami, category: electricity, unit: kWh, tags: [main] }
          - { id: hall, category: water, unit: m3, tags: [main] }
        kpis:
          - id: saving
            unit: "%"
            target: 1
            derive: { compare: { category: electricity }, against: previous-year, value: reduction-percent }
        """

    static func at(_ site: TestSite, _ text: String) throws -> Int64 { try TimeParser(calendar: site.store.calendar).parseInstant(text) }

    /// One-day interval totals, as a utility's portal gives them: `perDay` for each day of `[from, to)`.
    static func days(_ meter: String, from: CivilDate, to: CivilDate, perDay: Double) -> String {
        var csv = ""
        var d = from
        while d < to {
            csv += "\(meter),\(d),\(d.adding(days: 1)),\(perDay)\n"
            d = d.adding(days: 1)
        }
        return csv
    }

    /// 1,000 kWh a day this year and 1,100 last year, downloaded through 6 December, compared at
    /// 23:30 on 7 December: both sides run through 6 December, 340 days each:
    /// 340 × 1,000 = 340,000 against 340 × 1,100 = 374,000, −34,000 (−9.09 %). (It was 375,077
    /// against 340,000, −9.35 %, with last year's 7 December taken in.)
    @Test(arguments: Backend.allCases) func aDailyDownloadThatLagsADayIsComparedThroughItsLastDay(_ backend: Backend) throws {
        let site = try TestSite(Self.yaml, backend: backend)
        try site.importReadings(
            "meter,start,end,value\n"
                + Self.days(
                    "ami", from: CivilDate(year: 2025, month: 1, day: 1), to: CivilDate(year: 2026, month: 1, day: 1), perDay: 1_100)
                + Self.days(
                    "ami", from: CivilDate(year: 2026, month: 1, day: 1), to: CivilDate(year: 2026, month: 12, day: 7), perDay: 1_000))
        let now = try Self.at(site, "2026-12-07T23:30:00+08:00")
        let engine = ComparisonEngine(config: site.config, store: try site.readings, now: now)
        let c = try engine.compare(.category(.electricity), period: Period.parse("2026"), against: .previousYear)
        #expect(c.current.value == 340_000 && c.baseline.value == 374_000)
        #expect(c.change?.absolute == -34_000)
        #expect(c.change?.percent == -34_000.0 / 374_000 * 100)
        #expect(DisplayFormat.number(try #require(c.change?.percent), decimals: 2) == "-9.09")
        #expect(c.current.coverage == 1 && c.baseline.coverage == 1 && c.basis == .toDate)
        #expect(c.current.end == "2026-12-07T00:00:00+08:00" && c.baseline.end == "2025-12-07T00:00:00+08:00")
        #expect(c.current.label.text(.zhTW) == "115年1月1日至12月6日" && c.current.label.text(.en) == "1 January to 6 December 2026")
        #expect(c.warnings.contains(.dataEndsAt(through: "2026-12-07T00:00:00+08:00")))
        // The same span everywhere a running period is compared: month by month, the derived KPI,
        // the portfolio.
        let months = try engine.monthly(try engine.resolve(.category(.electricity)), period: Period.parse("2026"), against: .previousYear)
        #expect(months[11].current == 6_000 && months[11].baseline == 6_600 && months[11].inProgress)
        let kpi = try #require(try KPIEvaluator(engine: engine).evaluate(period: Period.parse("2026")).first)
        #expect(kpi.actual == 34_000.0 / 374_000 * 100)
        let portfolio = try PortfolioEngine(config: site.config, store: try site.readings, now: now)
            .portfolio(.electricity, period: Period.parse("2026"), against: .previousYear)
        #expect(portfolio.total.comparison?.current.value == 340_000 && portfolio.total.comparison?.baseline.value == 374_000)
        // A meter silent for longer than the lag is named, and does not hold the others back.
        try site.importReadings(
            "meter,start,end,value\n"
                + Self.days(
                    "hall", from: CivilDate(year: 2025, month: 1, day: 1), to: CivilDate(year: 2026, month: 11, day: 20), perDay: 10))
        let late = try ComparisonEngine(config: site.config, store: try site.readings, now: now).dataExtent(
            try engine.resolve(.category(.water)))
        #expect(late.endMs == nil && late.late.map(\.meter) == ["hall"])
        let water = try ComparisonEngine(config: site.config, store: try site.readings, now: now)
            .compare(.category(.water), period: Period.parse("2026"), against: .previousYear)
        #expect(water.current.end == "2026-12-07T23:30:00+08:00")
        #expect(water.warnings.contains(.metersLate(["hall (2026-11-20T00:00:00+08:00)"])))
        #expect(water.current.coverage < 0.95)
    }

    /// Hourly readings through 15:00, compared at 15:47: both sides end at 15:00, the same hours
    /// of the same dates (and of the aligned day for a day).
    @Test(arguments: Backend.allCases) func hourlyReadingsCutMidHourGiveTheSameHoursOnBothSides(_ backend: Backend) throws {
        let site = try TestSite(Self.yaml, backend: backend)
        let start = try Self.at(site, "2025-11-01T00:00:00+08:00")
        let last = try Self.at(site, "2026-12-07T15:00:00+08:00")
        // Hour k uses 10 + k mod 5 kWh.
        var csv = "meter,time,value\n"
        var counter = 0.0
        var t = start
        var k = 0
        while t <= last {
            csv += "ami,\(site.store.calendar.isoString(t)),\(counter)\n"
            counter += Double(10 + k % 5)
            t += msPerHour
            k += 1
        }
        try site.importReadings(csv)
        func used(from: String, to: String) throws -> Double {
            let a = try Self.at(site, from)
            let b = try Self.at(site, to)
            var sum = 0.0
            for h in 0..<Int((b - a) / msPerHour) { sum += Double(10 + (Int((a - start) / msPerHour) + h) % 5) }
            return sum
        }
        let engine = ComparisonEngine(config: site.config, store: try site.readings, now: try Self.at(site, "2026-12-07T15:47:00+08:00"))
        let month = try engine.compare(.meter("ami"), period: Period.parse("2026-12"), against: .previousYear)
        #expect(month.current.end == "2026-12-07T15:00:00+08:00" && month.baseline.end == "2025-12-07T15:00:00+08:00")
        #expect(month.current.value == (try used(from: "2026-12-01T00:00:00+08:00", to: "2026-12-07T15:00:00+08:00")))
        #expect(month.baseline.value == (try used(from: "2025-12-01T00:00:00+08:00", to: "2025-12-07T15:00:00+08:00")))
        // Today (a Monday) against the Monday 52 weeks back, to the same hour.
        let day = try engine.compare(.meter("ami"), period: Period.parse("2026-12-07"), against: .previousYear)
        #expect(day.baseline.period.start == CivilDate(year: 2025, month: 12, day: 8))
        #expect(day.current.end == "2026-12-07T15:00:00+08:00" && day.baseline.end == "2025-12-08T15:00:00+08:00")
        #expect(day.current.value == (try used(from: "2026-12-07T00:00:00+08:00", to: "2026-12-07T15:00:00+08:00")))
        #expect(day.baseline.value == (try used(from: "2025-12-08T00:00:00+08:00", to: "2025-12-08T15:00:00+08:00")))
        #expect(day.current.coverage == 1 && day.baseline.coverage == 1)
    }

    /// The overview's today: Monday 7 December 2026 with Monday 8 December 2025, and says so.
    @Test func todayIsComparedWithTheSameWeekday() throws {
        let site = try TestSite(Self.yaml)
        try site.importReadings(
            "meter,start,end,value\n"
                + Self.days(
                    "ami", from: CivilDate(year: 2025, month: 11, day: 1), to: CivilDate(year: 2026, month: 12, day: 8), perDay: 100))
        let engine = ComparisonEngine(config: site.config, store: site.store, now: try Self.at(site, "2026-12-07T10:00:00+08:00"))
        let today = try #require(try DashboardFigures(engine: engine).soFar(.category(.electricity))).today
        #expect(today.current.period.start == CivilDate(year: 2026, month: 12, day: 7))
        #expect(today.baseline.period.start == CivilDate(year: 2025, month: 12, day: 8))
        #expect(today.baseline.period.start.isoWeekday == 1 && today.current.period.start.isoWeekday == 1)
        #expect(today.current.label.text(.en) == "Monday 7 December 2026" && today.baseline.label.text(.en) == "Monday 8 December 2025")
        #expect(today.baseline.label.text(.zhTW) == "114年12月8日（星期一）")
        // Against the previous period, a day is last week's same day.
        let week = try engine.compare(.meter("ami"), period: Period.parse("2026-12-07"), against: .previousPeriod)
        #expect(week.baseline.period.start == CivilDate(year: 2026, month: 11, day: 30))
    }

    /// A holiday with last year's same holiday; a working day whose 52-weeks-back was a holiday
    /// with the working day a week before that; a weekend day with a weekend day.
    @Test func daysAreAlignedByKind() {
        let a = DayAlignment(calendar: WorkCalendar(kind: .taiwan))
        // Constitution Day: Friday 25 December 2026 with Thursday 25 December 2025.
        #expect(a.lastYear(of: CivilDate(year: 2026, month: 12, day: 25)).day == CivilDate(year: 2025, month: 12, day: 25))
        // The second day of Lunar New Year 2026 (17 February) with the second of 2025 (28 January).
        #expect(a.lastYear(of: CivilDate(year: 2026, month: 2, day: 17)).day == CivilDate(year: 2025, month: 1, day: 28))
        // Thursday 24 December 2026: 52 weeks back is Constitution Day 2025, so 53 weeks back.
        #expect(a.lastYear(of: CivilDate(year: 2026, month: 12, day: 24)).day == CivilDate(year: 2025, month: 12, day: 18))
        // Sunday 6 December 2026 with Sunday 7 December 2025.
        #expect(a.lastYear(of: CivilDate(year: 2026, month: 12, day: 6)).day == CivilDate(year: 2025, month: 12, day: 7))
        #expect(a.lastYear(of: CivilDate(year: 2026, month: 12, day: 7)).notes.isEmpty)
        // A site's own day off on a weekday, with a weekday off 52 weeks back if there is one, else said.
        let own = DayAlignment(calendar: WorkCalendar(kind: .weekdays, holidays: [CivilDate(year: 2026, month: 3, day: 4)]))
        let closure = own.lastYear(of: CivilDate(year: 2026, month: 3, day: 4))
        #expect(closure.day == CivilDate(year: 2025, month: 3, day: 5))
        #expect(closure.notes == [.noDayOfSameKind(date: "2026-03-04", comparedWith: "2025-03-05")])
    }
}
