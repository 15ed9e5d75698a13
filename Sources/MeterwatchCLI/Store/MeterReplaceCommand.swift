import ArgumentParser
import MeterwatchCore
import MeterwatchStore

struct MeterReplaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replace", abstract: "Record that a meter was replaced: its counter restarts without the drop being lost or counted.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Meter id.") var meter: String
    @Option(help: "Quantity (default: the meter's main consumption quantity).") var quantity: String?
    @Option(help: "When the new meter started (ISO time, local to the site without an offset).") var at: String
    @Option(help: "Final reading of the old meter (default: its last stored reading).") var oldFinal: Double?
    @Option(help: "First reading of the new meter (default 0).") var newInitial: Double?
    @Option(help: "A note kept with the event.") var note: String?

    func run() throws {
        let site = try self.site.open()
        let configured = site.config.meter(id: meter)?.mainQuantity
        guard let quantity = quantity.map({ Quantity($0) }) ?? configured else {
            throw CLIError.unknownMeter(meter, config: site.config.file)
        }
        let key = SeriesKey(meter: meter, quantity: quantity)
        guard let info = try site.store.series(key) else {
            throw CLIError.noSeries(key.description, store: site.store.path)
        }
        let at: Int64
        do { at = try TimeParser(calendar: site.calendar).parseInstant(self.at) } catch {
            throw CLIError.badOption("--at", error.description)
        }
        for value in [oldFinal, newInitial].compactMap({ $0 }) where !value.isFinite || abs(value) > PlausibilityLimits.maxMagnitude {
            throw CLIError.badOption("--old-final/--new-initial", "expected a finite reading, got \(value)")
        }
        try site.store.recordReplacement(
            series: info.id, CounterReplacement(ms: at, oldFinal: oldFinal, newInitial: newInitial), note: note)
        print("recorded replacement of \(key) at \(site.calendar.isoString(at)); rollups updated")
    }
}
