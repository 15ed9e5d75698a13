import ArgumentParser
import MeterwatchEngine

struct ReadingsDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a series' readings in [--from, --to) and recompute the rollups they touched.",
        discussion: """
            Removes raw samples with from <= time < to and interval totals (bills) that start in that range, in one
            transaction. `meterwatch db check` lists implausible readings with the command that removes them. With
            storage.postgres, the central's readings are deleted there (and in the SQLite file too).
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "Meter id (also weather:STATION or vehicle:PLATE).") var meter: String
    @Option(help: "Quantity (default: the meter's main quantity, or its only series).") var quantity: String?
    @OptionGroup var range: TimeRangeOptions
    @Flag(help: "Only count what would be deleted.") var dryRun = false
    @Option(help: "Output format.") var format: TableOrJSON = .table

    func run() throws {
        let site = try self.site.open()
        let (fromMs, toMs) = try range.range(site.calendar)
        let repair = ReadingsRepair(config: site.config, store: try site.central(), ownStore: site.store)
        let series = try repair.series(meter: meter, quantity: quantity)
        let report = try repair.delete(series, from: fromMs, to: toMs, dryRun: dryRun)
        if format == .json {
            print(try JSONOutput.text(report))
            return
        }
        let samples = "\(report.samples) sample\(report.samples == 1 ? "" : "s")"
        let intervals = "\(report.intervals) interval total\(report.intervals == 1 ? "" : "s")"
        let span = "of \(series.key) in [\(site.calendar.isoString(fromMs)), \(site.calendar.isoString(toMs)))"
        print(
            dryRun
                ? "dry run: would delete \(samples) and \(intervals) \(span)"
                : "deleted \(samples) and \(intervals) \(span); rollups recomputed")
    }
}
