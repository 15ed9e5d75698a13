import ArgumentParser
import MeterwatchCore
import MeterwatchEngine

/// `--meter`, and `--month` or `--period`, for the money commands: a calendar month (default: the
/// last complete one) or a billing period of days (a utility's meter-reading cycle).
struct BillingPeriodOptions: ParsableArguments {
    @Option(help: "The billed meter (one with billing: in the configuration).") var meter: String
    @Option(help: "The month: 2026-08 or roc:115-08 (default: last month).") var month: String?
    @Option(help: "A billing period instead of a month: 2026-07-15..2026-08-14 (inclusive).") var period: String?

    /// `[from, to)` in local days.
    func days(today: CivilDate) throws -> (from: CivilDate, to: CivilDate) {
        if month != nil && period != nil { throw CLIError.badOption("--period", "give --month or --period, not both") }
        if let text = month ?? period {
            let p: Period
            do { p = try Period.parse(text) } catch { throw CLIError.badOption(month != nil ? "--month" : "--period", error.description) }
            if month != nil && p.kind != .month { throw CLIError.badOption("--month", "expected a month such as 2026-08, got '\(text)'") }
            guard p.days <= 92 else { throw CLIError.badOption("--period", "a billing period is at most 92 days, got \(p.days)") }
            return (p.start, p.end)
        }
        let first = CivilDate(year: today.year, month: today.month, day: 1)
        return (first.adding(months: -1), first)
    }
}
