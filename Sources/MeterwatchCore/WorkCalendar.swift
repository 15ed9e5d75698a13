/// Which days a site works: the day types of the savings models (working / non-working) and of
/// the dashboards. Taiwan's government calendar (holidays, bridge days, make-up Saturdays), or
/// Monday to Friday with the site's own holidays.
///
/// ```yaml
/// site: { timezone: Europe/Paris, work_calendar: { kind: weekdays, holidays: [2026-12-25] } }
/// ```
public struct WorkCalendar: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `TaiwanWorkCalendar` (the default for Asia/Taipei).
        case taiwan
        /// Monday to Friday, less `holidays`.
        case weekdays
    }

    public var kind: Kind
    /// Extra days off (a site's closures), on top of the calendar's.
    public var holidays: Set<CivilDate>

    public init(kind: Kind, holidays: Set<CivilDate> = []) {
        self.kind = kind
        self.holidays = holidays
    }

    /// Taiwan's calendar for sites in Taiwan, weekdays elsewhere.
    public static func forTimeZone(_ identifier: String) -> WorkCalendar {
        WorkCalendar(kind: identifier == "Asia/Taipei" ? .taiwan : .weekdays)
    }

    public func isWorkingDay(_ date: CivilDate) -> Bool {
        if holidays.contains(date) {
            return false
        }
        switch kind {
        case .taiwan: return TaiwanWorkCalendar.isWorkingDay(date)
        case .weekdays: return date.isoWeekday <= 5
        }
    }
}
