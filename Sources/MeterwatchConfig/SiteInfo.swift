import Foundation
import MeterwatchCore
import Yams

public struct SiteInfo: Hashable, Sendable {
    public var name: LocalizedName
    public var timeZone: String
    /// Working and non-working days (`site.work_calendar`); Taiwan's for Asia/Taipei by default.
    public var workCalendar: WorkCalendar

    public init(name: LocalizedName, timeZone: String, workCalendar: WorkCalendar? = nil) {
        self.name = name
        self.timeZone = timeZone
        self.workCalendar = workCalendar ?? WorkCalendar.forTimeZone(timeZone)
    }
}
