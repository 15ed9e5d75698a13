import MeterwatchConfig
import MeterwatchCore

/// A reporting period in the site's calendar: `[start, end)` in local dates (end exclusive).
///
/// ```swift
/// let h2 = try Period.parse("2019H2")         // or "roc:108H2"
/// h2.days                                      // 184
/// h2.label(.zhTW)                              // "108年下半年"
/// h2.previousYear().period.id                  // "2018H2"
/// ```
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable { case year, half, quarter, month, isoWeek = "iso_week", day, custom }

    public var kind: Kind
    public var start: CivilDate
    /// First day after the period.
    public var end: CivilDate

    public var days: Int { end.daysSinceEpoch - start.daysSinceEpoch }
    public var lastDay: CivilDate { end.adding(days: -1) }
    public var description: String { id }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var text: String
        public var description: String {
            "cannot read period '\(text)': expected 2019, 2019H2, 2019Q3, 2019-07, 2019-W27, 2019-07-01, 2019-07-01..2019-12-31, or "
                + "roc:108H2"
        }
    }

    /// Canonical text: `2019`, `2019H2`, `2019Q3`, `2019-07`, `2019-W27`, `2019-07-01`, `2019-07-01..2019-12-31`.
    public var id: String {
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch kind {
        case .year: return "\(start.year)"
        case .half: return "\(start.year)H\(start.month <= 6 ? 1 : 2)"
        case .quarter: return "\(start.year)Q\((start.month - 1) / 3 + 1)"
        case .month: return "\(start.year)-\(p2(start.month))"
        case .isoWeek:
            let w = Self.isoWeek(of: start)
            return "\(w.year)-W\(p2(w.week))"
        case .day: return "\(start)"
        case .custom: return "\(start)..\(lastDay)"
        }
    }

    public static func parse(_ raw: String) throws(ParseError) -> Period {
        var text = raw.trimmedField
        var roc = false
        if text.lowercased().hasPrefix("roc:") {
            roc = true
            text = String(text.dropFirst(4))
        }
        guard let p = parseBody(text, roc: roc) else { throw ParseError(text: raw) }
        return p
    }

    static func parseBody(_ text: String, roc: Bool) -> Period? {
        if let range = text.range(of: "..") {
            guard let a = TimeParser.parseDate(String(text[..<range.lowerBound]), allowROC: roc),
                let b = TimeParser.parseDate(String(text[range.upperBound...]), allowROC: roc), a <= b
            else { return nil }
            return Period(kind: .custom, start: a, end: b.adding(days: 1))
        }
        if text.contains("/") || text.contains(".") || (roc && text.count == 7 && text.allSatisfy(\.isNumber)) {
            guard let d = TimeParser.parseDate(text, allowROC: roc) else { return nil }
            return Period(kind: .day, start: d, end: d.adding(days: 1))
        }
        let upper = text.uppercased()
        let digits = upper.prefix(while: \.isNumber)
        guard let y0 = Int(digits), !digits.isEmpty else { return nil }
        let year = roc ? y0 + 1911 : y0
        guard (1900...2200).contains(year) else { return nil }
        var rest = upper.dropFirst(digits.count)
        if rest.isEmpty {
            return digits.count == (roc ? digits.count : 4)
                ? Period(kind: .year, start: CivilDate(year: year, month: 1, day: 1), end: CivilDate(year: year + 1, month: 1, day: 1))
                : nil
        }
        if rest.first == "-" && !rest.dropFirst().hasPrefix("W") && !rest.dropFirst().hasPrefix("H") && !rest.dropFirst().hasPrefix("Q") {
            // 2019-07 or 2019-07-01 (ROC: 108-07)
            let parts = rest.dropFirst().split(separator: "-", omittingEmptySubsequences: false)
            guard let m = Int(parts[0]), (1...12).contains(m) else { return nil }
            if parts.count == 1 {
                let s = CivilDate(year: year, month: m, day: 1)
                return Period(kind: .month, start: s, end: s.adding(months: 1))
            }
            guard parts.count == 2, let d = Int(parts[1]), let date = CivilDate(validYear: year, month: m, day: d) else { return nil }
            return Period(kind: .day, start: date, end: date.adding(days: 1))
        }
        if rest.first == "-" { rest = rest.dropFirst() }
        guard let tag = rest.first, let n = Int(rest.dropFirst()) else { return nil }
        switch tag {
        case "H" where (1...2).contains(n):
            let s = CivilDate(year: year, month: n == 1 ? 1 : 7, day: 1)
            return Period(kind: .half, start: s, end: s.adding(months: 6))
        case "Q" where (1...4).contains(n):
            let s = CivilDate(year: year, month: (n - 1) * 3 + 1, day: 1)
            return Period(kind: .quarter, start: s, end: s.adding(months: 3))
        case "W" where (1...53).contains(n):
            guard n <= weeksInISOYear(year) else { return nil }
            let s = isoWeekStart(year: year, week: n)
            return Period(kind: .isoWeek, start: s, end: s.adding(days: 7))
        default: return nil
        }
    }

    // MARK: ISO weeks

    static func isoWeekStart(year: Int, week: Int) -> CivilDate {
        let jan4 = CivilDate(year: year, month: 1, day: 4)
        return jan4.adding(days: -(jan4.isoWeekday - 1) + (week - 1) * 7)
    }

    static func weeksInISOYear(_ year: Int) -> Int {
        isoWeek(of: CivilDate(year: year, month: 12, day: 28)).week
    }

    static func isoWeek(of date: CivilDate) -> (year: Int, week: Int) {
        let thursday = date.adding(days: 4 - date.isoWeekday)
        let yearStart = CivilDate(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.daysSinceEpoch - yearStart.daysSinceEpoch) / 7 + 1)
    }

    // MARK: Baselines

    /// The period before, of the same kind (H2 → H1, 2019-07 → 2019-06); a custom range gives the
    /// same number of days just before it.
    public func previousPeriod() -> Period {
        switch kind {
        case .year: return Period(kind: kind, start: start.adding(months: -12), end: start)
        case .half: return Period(kind: kind, start: start.adding(months: -6), end: start)
        case .quarter: return Period(kind: kind, start: start.adding(months: -3), end: start)
        case .month: return Period(kind: kind, start: start.adding(months: -1), end: start)
        case .isoWeek: return Period(kind: kind, start: start.adding(days: -7), end: start)
        case .day: return Period(kind: kind, start: start.adding(days: -1), end: start)
        case .custom: return Period(kind: kind, start: start.adding(days: -days), end: start)
        }
    }

    /// The same period one year earlier, aligned on the calendar. 29 February maps to 28 February
    /// and ISO week 53 to week 52 when last year has none; each adjustment is stated in `notes`.
    public func previousYear() -> (period: Period, notes: [Phrase]) {
        var notes: [Phrase] = []
        func back(_ d: CivilDate) -> CivilDate {
            if d.month == 2 && d.day == 29 {
                notes.append(.noLeapDayLastYear(date: "\(d)"))
                return CivilDate(year: d.year - 1, month: 2, day: 28)
            }
            return CivilDate(year: d.year - 1, month: d.month, day: d.day)
        }
        switch kind {
        case .year, .half, .quarter, .month:
            return (Period(kind: kind, start: start.adding(months: -12), end: end.adding(months: -12)), [])
        case .isoWeek:
            let w = Self.isoWeek(of: start)
            var week = w.week
            if week > Self.weeksInISOYear(w.year - 1) {
                notes.append(.noISOWeekLastYear(year: w.year - 1, week: week))
                week -= 1
            }
            let s = Self.isoWeekStart(year: w.year - 1, week: week)
            return (Period(kind: kind, start: s, end: s.adding(days: 7)), notes)
        case .day:
            let d = back(start)
            return (Period(kind: kind, start: d, end: d.adding(days: 1)), notes)
        case .custom:
            let s = back(start)
            let e = back(lastDay)
            return (Period(kind: kind, start: s, end: e.adding(days: 1)), notes)
        }
    }

    /// Whether 29 February falls in the period.
    public var containsLeapDay: Bool {
        (start.year...lastDay.year).contains { y in
            guard CivilDate.isLeapYear(y) else { return false }
            let leap = CivilDate(year: y, month: 2, day: 29)
            return start <= leap && leap < end
        }
    }

    // MARK: Labels

    /// How reports name the period: `2019 H2` / `108年下半年`.
    public func label(_ language: Language) -> String {
        let roc = start.rocYear
        switch (kind, language) {
        case (.year, .en): return "\(start.year)"
        case (.year, .zhTW): return "\(roc)年"
        case (.half, .en): return "\(start.year) H\(start.month <= 6 ? 1 : 2)"
        case (.half, .zhTW): return "\(roc)年\(start.month <= 6 ? "上" : "下")半年"
        case (.quarter, .en): return "\(start.year) Q\((start.month - 1) / 3 + 1)"
        case (.quarter, .zhTW): return "\(roc)年第\((start.month - 1) / 3 + 1)季"
        case (.month, .en): return "\(Self.monthNames[start.month - 1]) \(start.year)"
        case (.month, .zhTW): return "\(roc)年\(start.month)月"
        case (.isoWeek, .en):
            let w = Self.isoWeek(of: start)
            return "week \(w.week) of \(w.year)"
        case (.isoWeek, .zhTW):
            let w = Self.isoWeek(of: start)
            return "\(w.year - 1911)年第\(w.week)週"
        case (.day, .en): return "\(start)"
        case (.day, .zhTW): return Self.rocDate(start)
        case (.custom, .en): return "\(start) to \(lastDay)"
        case (.custom, .zhTW): return "\(Self.rocDate(start))至\(Self.rocDate(lastDay))"
        }
    }

    public static func rocDate(_ d: CivilDate) -> String { "\(d.rocYear)年\(d.month)月\(d.day)日" }
    /// `1 January`, as English reports write a date without its year.
    public static func dayMonth(_ d: CivilDate) -> String { "\(d.day) \(monthNames[d.month - 1])" }
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    /// UTC bounds in the site's calendar.
    public func bounds(_ calendar: LocalCalendar) -> (start: Int64, end: Int64) {
        (calendar.startOfDay(start), calendar.startOfDay(end))
    }
}
