import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

struct KPISetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Enter a KPI's actual value for a period (kept with who and when).")
    @OptionGroup var site: SiteOptions
    @Argument(help: "KPI id.") var id: String
    @Option(help: "The period.") var period: String
    @Option(help: "The achieved value.") var actual: Double
    @Option(help: "Who enters it (default: $USER).") var by: String?
    @Option(help: "A note.") var note: String?

    func run() throws {
        let site = try self.site.open()
        guard let kpi = site.config.kpis.first(where: { $0.id == id }) else {
            throw CLIError.unknownKPI(id, configured: site.config.kpis.map(\.id))
        }
        guard actual.isFinite, abs(actual) <= PlausibilityLimits.maxMagnitude else {
            throw CLIError.badOption("--actual", "expected a finite number")
        }
        let parsed: Period
        do { parsed = try Period.parse(period) } catch { throw CLIError.badOption("--period", error.description) }
        let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        // Into the store the engine reads: the PostgreSQL central when there is one.
        try site.central().setKPIActual(
            KPIActual(kpi: id, period: parsed.id, actual: actual, enteredBy: who, enteredAtMs: SystemClock().nowMs(), note: note),
            site: kpi.site ?? site.config.deploymentSite)
        print("\(id) \(parsed.id): actual \(DisplayFormat.asWritten(actual)) entered by \(who)")
    }
}
