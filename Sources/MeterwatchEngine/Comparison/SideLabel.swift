import Foundation
import MeterwatchCore

/// How a side of a comparison is named: a whole period, or a period to date.
public enum SideLabel: Hashable, Sendable {
    /// The whole period (`108年下半年`, `2019 H2`).
    case whole(Period)
    /// A period from its start through a local date (`115年1月1日至11月26日`).
    case toDate(Period, through: CivilDate)
    /// Last year's same dates as a period to date (`114年同期`, `same dates of 2025`).
    case sameDatesLastYear(Period)
    /// A single day with its weekday (`114年12月8日（星期一）`, `Monday 8 December 2025`): a day is
    /// compared with a day of the same kind, so the reader sees which.
    case day(CivilDate)

    public func text(_ language: Language) -> String {
        switch (self, language) {
        case (.whole(let p), _): return p.label(language)
        case (.toDate(let p, let last), .zhTW):
            let sameYear = p.start.year == last.year
            return "\(Period.rocDate(p.start))至" + (sameYear ? "\(last.month)月\(last.day)日" : Period.rocDate(last))
        case (.toDate(let p, let last), .en):
            let sameYear = p.start.year == last.year
            return sameYear
                ? "\(Period.dayMonth(p.start)) to \(Period.dayMonth(last)) \(last.year)"
                : "\(Period.dayMonth(p.start)) \(p.start.year) to \(Period.dayMonth(last)) \(last.year)"
        case (.sameDatesLastYear(let p), .zhTW): return "\(p.start.rocYear)年同期"
        case (.sameDatesLastYear(let p), .en): return "same dates of \(p.start.year)"
        case (.day(let d), .zhTW): return "\(Period.rocDate(d))（\(Self.weekdaysZH[d.isoWeekday - 1])）"
        case (.day(let d), .en): return "\(Self.weekdaysEN[d.isoWeekday - 1]) \(Period.dayMonth(d)) \(d.year)"
        }
    }

    static let weekdaysZH = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
    static let weekdaysEN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
