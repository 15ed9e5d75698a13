import ArgumentParser
import MeterwatchImport

struct ImportTemperatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "temperature",
        abstract: "Import a weather station's hourly or daily outdoor temperatures (°C or °F).",
        discussion: """
            Columns: station (or --station), time or date, and a temperature column (temperature_c, temperature_f,
            temperature, 氣溫…). Stored in °C on the meter weather:<station>. Daily means are taken in the site's
            time zone from days with readings in at least 12 distinct hours (or one daily value).
            """)
    @OptionGroup var site: SiteOptions
    @Argument(help: "CSV file (UTF-8 or Big5).") var file: String
    @Option(help: "Station id when the file has no station column.") var station: String?
    @Option(help: "C or F when the header does not say.") var unit: TemperatureImporter.Scale?
    @Flag(help: "Store the good rows and list the bad ones.") var skipInvalid = false

    func run() throws {
        let site = try self.site.open()
        let importer = TemperatureImporter(store: site.store, limits: site.limits)
        ImportSummary.print(try importer.importFile(file, station: station, scale: unit, skipInvalid: skipInvalid))
    }
}
