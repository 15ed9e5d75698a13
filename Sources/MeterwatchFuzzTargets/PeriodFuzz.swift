import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// Text users type for periods, baselines, instants, dates and durations, and what is derived from them.
enum PeriodFuzz {
    static let calendar = try! LocalCalendar(timeZone: "America/New_York")

    static func run(_ data: Data) -> FuzzTarget.Outcome {
        let text = String(decoding: data, as: UTF8.self)
        var accepted = false
        if let p = try? Period.parse(text) {
            accepted = true
            _ = (p.id, p.label(.en), p.label(.zhTW), p.days, p.containsLeapDay, p.bounds(calendar))
            _ = (p.previousYear(), p.previousPeriod())
        }
        if let b = try? Baseline.parse(text) { _ = b.id }
        if let t = try? TimeParser(calendar: calendar).parseInstant(text) {
            accepted = true
            _ = (calendar.isoString(t), calendar.civilDate(at: t), calendar.bucket(containing: t, resolution: .month))
        }
        if let d = TimeParser.parseDate(text, allowROC: true) { _ = (d.description, d.rocYear, d.isoWeekday) }
        _ = YAMLReader.parseDurationMs(text)
        _ = Resolution(argument: text)
        return accepted ? .accepted : .rejected
    }
}
