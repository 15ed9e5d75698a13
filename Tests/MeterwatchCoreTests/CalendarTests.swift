import Testing

@testable import MeterwatchCore

@Suite struct CivilDateTests {
    @Test func roundTripsDaysSinceEpoch() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 2019, month: 7, day: 1).daysSinceEpoch == 18078)
    }

    @Test func weekdaysAndMonths() {
        #expect(CivilDate(year: 2019, month: 7, day: 1).isoWeekday == 1)  // a Monday
        #expect(CivilDate(year: 2026, month: 11, day: 21).isoWeekday == 6)  // a Saturday
        #expect(CivilDate(year: 2020, month: 1, day: 31).adding(months: 1) == CivilDate(year: 2020, month: 2, day: 29))
        #expect(CivilDate(year: 2019, month: 12, day: 15).adding(months: -12) == CivilDate(year: 2018, month: 12, day: 15))
        #expect(CivilDate(validYear: 2019, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 2020, month: 2, day: 29) != nil)
        #expect(CivilDate(year: 2019, month: 1, day: 1).rocYear == 108)
    }
}

@Suite struct TimeZoneTests {
    let newYork = try! LocalCalendar(timeZone: "America/New_York")
    let taipei = try! LocalCalendar(timeZone: "Asia/Taipei")

    func utc(_ text: String) -> Int64 { try! TimeParser(calendar: LocalCalendar(rules: .utc)).parseInstant(text) }

    @Test func offsetsFollowDST() {
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-01-15T12:00Z")) == -5 * msPerHour)
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-07-15T12:00Z")) == -4 * msPerHour)
        // Spring forward 2019-03-10 at 07:00 UTC, fall back 2019-11-03 at 06:00 UTC.
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-03-10T06:59:59Z")) == -5 * msPerHour)
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-03-10T07:00:00Z")) == -4 * msPerHour)
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-11-03T05:59:59Z")) == -4 * msPerHour)
        #expect(newYork.rules.offsetMs(atUTC: utc("2019-11-03T06:00:00Z")) == -5 * msPerHour)
        #expect(taipei.rules.offsetMs(atUTC: utc("2019-07-01T00:00Z")) == 8 * msPerHour)
    }

    @Test func dayLengthsAcrossDST() {
        func hours(_ cal: LocalCalendar, _ d: CivilDate) -> Int64 {
            let b = cal.bucket(containing: cal.startOfDay(d) + msPerHour * 3, resolution: .day)
            return (b.end - b.start) / msPerHour
        }
        #expect(hours(newYork, CivilDate(year: 2019, month: 3, day: 10)) == 23)
        #expect(hours(newYork, CivilDate(year: 2019, month: 11, day: 3)) == 25)
        #expect(hours(newYork, CivilDate(year: 2019, month: 7, day: 1)) == 24)
        #expect(hours(taipei, CivilDate(year: 2019, month: 3, day: 10)) == 24)
        let spring = newYork.startOfDay(CivilDate(year: 2019, month: 3, day: 10))
        #expect(newYork.buckets(from: spring, to: spring + 23 * msPerHour, resolution: .hour).count == 23)
        let fall = newYork.startOfDay(CivilDate(year: 2019, month: 11, day: 3))
        let hourBuckets = newYork.buckets(from: fall, to: fall + 25 * msPerHour, resolution: .hour)
        #expect(hourBuckets.count == 25)
        #expect(Set(hourBuckets.map(\.start)).count == 25)  // 01:00 occurs twice, as two buckets
        #expect(newYork.isoString(hourBuckets[1].start) == "2019-11-03T01:00:00-04:00")
        #expect(newYork.isoString(hourBuckets[2].start) == "2019-11-03T01:00:00-05:00")
        let march = newYork.bucket(containing: spring, resolution: .month)
        #expect((march.end - march.start) == 31 * msPerDay - msPerHour)
    }

    @Test func localTimesInGapsAndOverlaps() throws {
        let parser = TimeParser(calendar: newYork)
        #expect(throws: TimeParser.ParseError.self) { try parser.parseInstant("2019-03-10 02:30") }
        // 01:30 on the fall-back day happens twice: the first occurrence (EDT) is taken.
        #expect(try parser.parseInstant("2019-11-03 01:30") == utc("2019-11-03T05:30Z"))
        #expect(try parser.parseInstant("2019-11-03T01:30-05:00") == utc("2019-11-03T06:30Z"))
        #expect(
            newYork.rules.resolveLocal(try TimeParser(calendar: LocalCalendar(rules: .utc)).parseInstant("2019-03-10T02:30Z"))
                == .nonexistent(firstAfter: utc("2019-03-10T07:00Z")))
    }
}

@Suite struct TimeParserTests {
    let parser = TimeParser(calendar: try! LocalCalendar(timeZone: "Asia/Taipei"))

    @Test func acceptedForms() throws {
        let expected: Int64 = 1_561_910_400_000  // 2019-07-01T00:00+08:00
        for text in [
            "2019-07-01", "2019-07-01T00:00", "2019-07-01 00:00:00", "2019-06-30T16:00:00Z", "2019-07-01T00:00:00+08:00",
            "2019-07-01T00:00:00.000+0800", " 2019-07-01 ", "2019-06-30T24:00:00+08:00",
        ] {
            #expect(try parser.parseInstant(text) == expected, "\(text)")
        }
        #expect(try parser.parseInstant("2019-07-01T00:00:00.25Z") == expected + 8 * msPerHour + 250)
    }

    @Test func rejectedForms() {
        for text in [
            "", "2019-13-01", "2019-02-29", "07/01/2019", "2019-07-01T25:00", "2019-07-01T10:00+25:00", "2019-07-01 10:00 PST", "yesterday",
        ] {
            #expect(throws: TimeParser.ParseError.self, "\(text)") { try parser.parseInstant(text) }
        }
    }

    @Test func rocAndCompactDates() {
        let d = CivilDate(year: 2019, month: 7, day: 1)
        for text in ["108/07/01", "108.7.1", "1080701", "2019/7/1", "20190701", "2019-07-01"] {
            #expect(TimeParser.parseDate(text, allowROC: true) == d, "\(text)")
        }
        #expect(TimeParser.parseDate("108/07/01", allowROC: false) == nil)
        #expect(TimeParser.parseDate("108/02/30", allowROC: true) == nil)
    }
}

@Suite struct FormattingTests {
    @Test func roundsHalfAwayFromZeroAtDisplayOnly() {
        #expect(DisplayFormat.number(-1.2346, decimals: 2) == "-1.23")
        #expect(DisplayFormat.number(2.675, decimals: 2) == "2.68")  // the binary double is 2.67499999…; we round its shortest decimal
        #expect(DisplayFormat.number(-2.675, decimals: 2) == "-2.68")
        #expect(DisplayFormat.number(97.25263157894737, decimals: 2) == "97.25")
        #expect(DisplayFormat.number(11_519_200, decimals: 0) == "11,519,200")
        #expect(DisplayFormat.number(-144_000, decimals: 0) == "-144,000")
        #expect(DisplayFormat.number(200, decimals: 0, explicitPlus: true) == "+200")
        #expect(DisplayFormat.number(9858.09, decimals: 2) == "9,858.09")
        #expect(DisplayFormat.number(-0.001, decimals: 2) == "0.00")
        #expect(DisplayFormat.number(1e-7, decimals: 3) == "0.000")
    }

    @Test func compensatedSumStaysExact() {
        var naive = 0.0
        var sum = CompensatedSum()
        for _ in 0..<31 {
            let part = 1_900_000.0 / 31
            naive += part
            sum.add(part)
        }
        #expect(sum.value == 1_900_000)
        #expect(abs(naive - 1_900_000) < 1e-6)
    }
}
