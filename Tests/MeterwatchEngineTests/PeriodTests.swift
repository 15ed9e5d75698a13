import MeterwatchConfig
import MeterwatchCore
import Testing

@testable import MeterwatchEngine

@Suite struct PeriodTests {
    func d(_ y: Int, _ m: Int, _ day: Int) -> CivilDate { CivilDate(year: y, month: m, day: day) }

    @Test func parsesEveryForm() throws {
        let cases: [(String, Period.Kind, CivilDate, CivilDate, String)] = [
            ("2019", .year, d(2019, 1, 1), d(2020, 1, 1), "2019"),
            ("2019H2", .half, d(2019, 7, 1), d(2020, 1, 1), "2019H2"),
            ("2019h1", .half, d(2019, 1, 1), d(2019, 7, 1), "2019H1"),
            ("2019Q3", .quarter, d(2019, 7, 1), d(2019, 10, 1), "2019Q3"),
            ("2019-07", .month, d(2019, 7, 1), d(2019, 8, 1), "2019-07"),
            ("2019-W27", .isoWeek, d(2019, 7, 1), d(2019, 7, 8), "2019-W27"),
            ("2020-W01", .isoWeek, d(2019, 12, 30), d(2020, 1, 6), "2020-W01"),
            ("2019-07-01", .day, d(2019, 7, 1), d(2019, 7, 2), "2019-07-01"),
            ("2019-07-01..2019-12-31", .custom, d(2019, 7, 1), d(2020, 1, 1), "2019-07-01..2019-12-31"),
            ("roc:108H2", .half, d(2019, 7, 1), d(2020, 1, 1), "2019H2"),
            ("roc:108", .year, d(2019, 1, 1), d(2020, 1, 1), "2019"),
            ("roc:108-07", .month, d(2019, 7, 1), d(2019, 8, 1), "2019-07"),
            ("roc:108/07/01", .day, d(2019, 7, 1), d(2019, 7, 2), "2019-07-01"),
            ("roc:108/07/01..108/12/31", .custom, d(2019, 7, 1), d(2020, 1, 1), "2019-07-01..2019-12-31"),
        ]
        for (text, kind, start, end, id) in cases {
            let p = try Period.parse(text)
            #expect(p.kind == kind && p.start == start && p.end == end && p.id == id, "\(text)")
        }
        #expect(try Period.parse("2019H2").days == 184)
        #expect(try Period.parse("2020-02").days == 29)
        for bad in ["", "2019H3", "2019Q5", "2019-13", "2019-W54", "2019-02-29", "2019-12-31..2019-07-01", "H2", "19H2", "2019-W53"] {
            #expect(throws: Period.ParseError.self, "\(bad)") { try Period.parse(bad) }
        }
    }

    @Test func zhTWLabelsAsReportsWriteThem() throws {
        #expect(try Period.parse("2019H2").label(.zhTW) == "108年下半年")
        #expect(try Period.parse("2019H1").label(.zhTW) == "108年上半年")
        #expect(try Period.parse("2019-07").label(.zhTW) == "108年7月")
        #expect(try Period.parse("2019Q3").label(.zhTW) == "108年第3季")
        #expect(try Period.parse("2019").label(.zhTW) == "108年")
        #expect(try Period.parse("2019-07-01").label(.zhTW) == "108年7月1日")
        #expect(try Period.parse("2019-07-01..2019-12-31").label(.zhTW) == "108年7月1日至108年12月31日")
        #expect(try Period.parse("2019H2").label(.en) == "2019 H2")
        #expect(try Period.parse("2019-07").label(.en) == "July 2019")
    }

    @Test func baselinesAreCalendarAligned() throws {
        #expect(try Period.parse("2019H2").previousYear().period.id == "2018H2")
        #expect(try Period.parse("2019H2").previousPeriod().id == "2019H1")
        #expect(try Period.parse("2019H1").previousPeriod().id == "2018H2")
        #expect(try Period.parse("2019-01").previousPeriod().id == "2018-12")
        #expect(try Period.parse("2019-07-01..2019-07-10").previousPeriod().id == "2019-06-21..2019-06-30")
        let leap = try Period.parse("2020-02-29").previousYear()
        #expect(leap.period.id == "2019-02-28")
        #expect(leap.notes.count == 1)
        let feb = try Period.parse("2020-02-01..2020-02-29").previousYear()
        #expect(feb.period.id == "2019-02-01..2019-02-28" && feb.period.days == 28)
        let w53 = try Period.parse("2020-W53").previousYear()
        #expect(w53.period.id == "2019-W52" && !w53.notes.isEmpty)
        #expect(try Period.parse("2020-02").containsLeapDay && !(try Period.parse("2019-02").containsLeapDay))
    }
}
