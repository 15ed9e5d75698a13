import ArgumentParser
import MeterwatchCore
import MeterwatchStore

struct MeterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meter", abstract: "Record events on a meter's counters.", subcommands: [Replace.self])

    struct Replace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a meter was replaced: its counter restarts without the drop being lost or counted.")
        @OptionGroup var site: SiteOptions
        @Option(help: "Meter id.") var meter: String
        @Option(help: "Quantity (default: the meter's main consumption quantity).") var quantity: String?
        @Option(help: "When the new meter started (ISO time, local to the site without an offset).") var at: String
        @Option(help: "Final reading of the old meter (default: its last stored reading).") var oldFinal: Double?
        @Option(help: "First reading of the new meter (default 0).") var newInitial: Double?
        @Option(help: "A note kept with the event.") var note: String?

        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            guard let q = quantity.map { Quantity($0) } ?? config.meter(id: meter)?.mainQuantity else { throw CLIError("unknown meter '\(meter)'") }
            guard let info = try store.series(SeriesKey(meter: meter, quantity: q)) else { throw CLIError("no series \(meter)/\(q) in the store") }
            let t = try TimeParser(calendar: store.calendar).parseInstant(at)
            try store.recordReplacement(series: info.id, CounterReplacement(ms: t, oldFinal: oldFinal, newInitial: newInitial), note: note)
            print("recorded replacement of \(meter)/\(q) at \(store.calendar.isoString(t)); rollups updated")
        }
    }
}
