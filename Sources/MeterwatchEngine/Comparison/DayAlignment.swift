import MeterwatchConfig
import MeterwatchCore

/// The day a single day is compared with: a day of the same kind and weekday, never the same date
/// (Monday 7 December 2026 against Sunday 7 December 2025 reads a weekend as a leak).
///
/// ```swift
/// let a = DayAlignment(calendar: config.site.workCalendar)
/// a.lastYear(of: CivilDate(year: 2026, month: 12, day: 7)).day     // 2025-12-08, a Monday
/// a.lastWeek(of: CivilDate(year: 2026, month: 12, day: 7)).day     // 2026-11-30
/// ```
/// - A working day or a weekend day: the same weekday 52 weeks back (364 days), else one week
///   either side of it, whichever is first of the same kind (a working day is not compared with a
///   holiday that fell on last year's Monday).
/// - A public holiday on Taiwan's calendar: the same holiday last year (Lunar New Year with Lunar
///   New Year, whatever the dates); a site's own day off: a day off of the same weekday.
/// - When no such day is found: 364 days back, with a note.
public struct DayAlignment: Sendable {
    public enum Kind: Sendable, Equatable { case working, weekend, holiday }

    public var calendar: WorkCalendar

    public init(calendar: WorkCalendar) { self.calendar = calendar }

    public func kind(_ day: CivilDate) -> Kind {
        if calendar.isWorkingDay(day) { return .working }
        return day.isoWeekday >= 6 ? .weekend : .holiday
    }

    public func lastYear(of day: CivilDate) -> (day: CivilDate, notes: [Phrase]) {
        let kind = kind(day)
        if kind == .holiday, calendar.kind == .taiwan, let name = TaiwanWorkCalendar.holiday(day)?.en {
            // The same holiday last year (the block nearest to 52 weeks back), and in a holiday of
            // several days the day at the same place: the second day of Lunar New Year with the second.
            func named(_ d: CivilDate) -> Bool { TaiwanWorkCalendar.holiday(d)?.en == name }
            let place = (1...10).prefix { named(day.adding(days: -$0)) }.count
            let target = day.adding(days: -364)
            let starts = (-45...45).map { target.adding(days: $0) }.filter { named($0) && !named($0.adding(days: -1)) }
            if let start = starts.min(by: {
                abs($0.daysSinceEpoch - target.daysSinceEpoch) < abs($1.daysSinceEpoch - target.daysSinceEpoch)
            }) {
                let length = (0...10).prefix { named(start.adding(days: $0)) }.count
                let found = start.adding(days: min(place, length - 1))
                if !calendar.isWorkingDay(found) { return (found, []) }
            }
        }
        return sameWeekday(of: day, kind: kind, weeksBack: [52, 53, 51, 54, 50])
    }

    public func lastWeek(of day: CivilDate) -> (day: CivilDate, notes: [Phrase]) {
        sameWeekday(of: day, kind: kind(day), weeksBack: [1, 2, 3])
    }

    func sameWeekday(of day: CivilDate, kind: Kind, weeksBack: [Int]) -> (day: CivilDate, notes: [Phrase]) {
        for weeks in weeksBack {
            let candidate = day.adding(days: -7 * weeks)
            if self.kind(candidate) == kind { return (candidate, []) }
        }
        let fallback = day.adding(days: -7 * weeksBack[0])
        return (fallback, [.noDayOfSameKind(date: "\(day)", comparedWith: "\(fallback)")])
    }
}
