import ArgumentParser
import MeterwatchCore

/// `--from` and `--to`: a half-open range of instants, ISO 8601 or local to the site.
struct TimeRangeOptions: ParsableArguments {
    @Option(help: "Start (inclusive): an ISO time or date; without an offset, local to the site.") var from: String
    @Option(help: "End (exclusive).") var to: String

    func range(_ calendar: LocalCalendar) throws -> (from: Int64, to: Int64) {
        let parser = TimeParser(calendar: calendar)
        let start: Int64
        let end: Int64
        do { start = try parser.parseInstant(from) } catch { throw CLIError.badOption("--from", error.description) }
        do { end = try parser.parseInstant(to) } catch { throw CLIError.badOption("--to", error.description) }
        guard end > start else {
            throw CLIError.emptyRange
        }
        return (start, end)
    }
}
