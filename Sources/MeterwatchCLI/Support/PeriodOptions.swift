import ArgumentParser
import MeterwatchEngine

/// `--period` and `--against`, for the commands that compare a period with a baseline.
struct PeriodOptions: ParsableArguments {
    @Option(help: "The period: 2019, 2019H2, 2019Q3, 2019-07, 2019-W27, 2019-07-01, 2019-07-01..2019-12-31 (inclusive), roc:108H2.")
    var period: String

    @Option(help: "previous-year (default), previous-period, or a period.")
    var against: String = "previous-year"

    func parsedPeriod() throws -> Period { try Self.period(period) }
    func parsedBaseline() throws -> Baseline { try Self.baseline(against) }

    /// `--period`'s text as a period, or a usage error naming the option.
    static func period(_ text: String) throws -> Period {
        do { return try Period.parse(text) } catch { throw CLIError.badOption("--period", error.description) }
    }

    /// `--against`'s text as a baseline, or a usage error naming the option.
    static func baseline(_ text: String) throws -> Baseline {
        do { return try Baseline.parse(text) } catch { throw CLIError.badOption("--against", error.description) }
    }
}
