import ArgumentParser
import MeterwatchCore
import MeterwatchStore

struct DBCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract:
            "Integrity check, counter anomalies (resets, implausible jumps, glitches, gaps), implausible readings, and rollups "
            + "against a recompute from the readings.",
        discussion: "Exits with status 2 when a finding is an error (the integrity check failed).")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table

    func run() throws {
        let site = try self.site.open()
        let store = site.store
        var findings = try store.check()
        findings += try Self.implausible(store, limits: site.limits, nowMs: SystemClock().nowMs())
        if format == .json {
            print(try JSONOutput.text(findings))
        } else if findings.isEmpty {
            print("ok: integrity check passed, no counter anomalies, no implausible readings, rollups equal a recompute")
        } else {
            let rows = findings.map { [$0.severity.rawValue, $0.series ?? "", $0.ms.map(store.calendar.isoString) ?? "", $0.message] }
            print(TextTable(["severity", "series", "time", "finding"], rows).text)
            for finding in findings {
                if let remedy = finding.remedy {
                    print("\n\(finding.series ?? ""): \(remedy)")
                }
            }
        }
        if findings.contains(where: { $0.severity == .error }) {
            throw ExitCode(2)
        }
    }

    /// Stored readings no entrance would accept today, each run with the command that removes it.
    static func implausible(_ store: MeterStore, limits: PlausibilityLimits, nowMs: Int64) throws -> [CheckFinding] {
        let cal = store.calendar
        return try store.implausibleReadings(limits: limits, nowMs: nowMs).map { run in
            let what = run.count == 1 ? "implausible reading" : "\(run.count) implausible readings from here"
            let command =
                "meterwatch readings delete --meter \(run.key.meter) --quantity \(run.key.quantity)"
                + " --from \(cal.isoString(run.firstMs)) --to \(cal.isoString(run.lastMs + 1))"
            return CheckFinding(
                severity: .warning, series: run.key.description, ms: run.firstMs, message: "\(what): \(run.problem.message(cal))",
                remedy: command)
        }
    }
}
