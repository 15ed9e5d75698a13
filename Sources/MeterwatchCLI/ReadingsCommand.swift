import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// `meterwatch readings delete`: removes mistaken readings (a typo's year, a register that answered
/// garbage) and recomputes the rollups they touched.
struct ReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings", abstract: "Repair stored readings.", subcommands: [Delete.self])

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a series' readings in [--from, --to) and recompute the rollups they touched.",
            discussion: """
                Removes raw samples with from <= time < to and interval totals (bills) that start in that range, in one
                transaction. `meterwatch db check` lists implausible readings with the command that removes them.
                """)
        @OptionGroup var site: SiteOptions
        @Option(help: "Meter id (also weather:STATION or vehicle:PLATE).") var meter: String
        @Option(help: "Quantity (default: the meter's main quantity, or its only series).") var quantity: String?
        @Option(help: "First instant to delete (ISO 8601, or local to the site).") var from: String
        @Option(help: "Instant after the last one to delete (exclusive).") var to: String
        @Flag(help: "Only count what would be deleted.") var dryRun = false
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let parser = TimeParser(calendar: store.calendar)
            let fromMs: Int64
            let toMs: Int64
            do {
                fromMs = try parser.parseInstant(from)
                toMs = try parser.parseInstant(to)
            } catch { throw CLIError("--from/--to: \(error)") }
            guard toMs > fromMs else { throw CLIError("--to must be after --from (the range is [from, to))") }
            let repair = ReadingsRepair(config: config, store: store)
            let series: SeriesInfo
            do { series = try repair.series(meter: meter, quantity: quantity) } catch let f as ReadingsRepair.Failure { throw CLIError(f.description) }
            let report = try repair.delete(series, from: fromMs, to: toMs, dryRun: dryRun)
            if format == .json {
                print(try report.jsonString())
                return
            }
            let what = "\(report.samples) sample\(report.samples == 1 ? "" : "s") and \(report.intervals) interval total\(report.intervals == 1 ? "" : "s")"
            let span = "of \(series.key) in [\(store.calendar.isoString(fromMs)), \(store.calendar.isoString(toMs)))"
            print(dryRun ? "dry run: would delete \(what) \(span)" : "deleted \(what) \(span); rollups recomputed")
        }
    }
}
