import Foundation
import Testing

/// Errors from every layer reach the shell as one line on standard error and a sysexits.h status
/// chosen in one place (`ExitStatus`), worded with the command line's options.
@Suite struct ExitStatusCLITests {
    static let config = """
        site: { name: Test, timezone: Asia/Taipei }
        storage: { path: meterwatch.sqlite }
        meters:
          - { id: hall, category: electricity, unit: kWh }
        """

    @Test func eachKindOfFailureHasItsStatus() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", Self.config)
        try cli.write("readings.csv", "meter,time,value\nhall,2025-01-01,0\nhall,2025-07-01,100\n")
        #expect(try cli.run(["import", "readings", "readings.csv"]).status == 0)

        let unknown = try cli.run(["compare", "--meter", "nope", "--period", "2025"])
        #expect(unknown.status == 66, "\(unknown.stderr)")
        #expect(unknown.stderr.hasPrefix("meterwatch: ") && unknown.stderr.contains("nope"))

        let badPeriod = try cli.run(["compare", "--meter", "hall", "--period", "2025Q5"])
        #expect(badPeriod.status == 64 && badPeriod.stderr.contains("--period"), "\(badPeriod.stderr)")

        let badAgainst = try cli.run(["compare", "--meter", "hall", "--period", "2025", "--against", "last-week"])
        #expect(badAgainst.status == 64 && badAgainst.stderr.contains("--against"), "\(badAgainst.stderr)")

        // No temperatures stored: the data cannot answer, and the advice is a command.
        let savings = try cli.run(["savings", "--meter", "hall", "--baseline", "2024", "--reporting", "2025"])
        #expect([65, 66].contains(savings.status), "\(savings.stderr)")
        #expect(savings.stderr.contains("meterwatch import temperature"))

        try cli.write("broken.yaml", "site: { timezone: Mars/Olympus }\n")
        let config = try cli.run(["db", "stats", "--config", "broken.yaml"])
        #expect(config.status == 78, "\(config.stderr)")
        #expect(config.stderr.contains("broken.yaml"))

        try cli.write("bad.csv", "meter,time,value\nhall,2025-08-01,x\n")
        let bad = try cli.run(["import", "readings", "bad.csv"])
        #expect(bad.status == 65 && bad.stderr.contains("bad.csv:2:"), "\(bad.stderr)")

        // A format a command does not write is a usage error from the parser, before any work.
        let format = try cli.run(["kpi", "evaluate", "--period", "2025", "--format", "csv"])
        #expect(format.status == 64 && format.stderr.contains("table"), "\(format.stderr)")
    }
}
