import ArgumentParser
import Foundation
import MeterwatchImport

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import readings, bills and fuel logs from CSV.",
        subcommands: [Readings.self, Fuel.self, Temperature.self])

    struct Readings: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import meter,time,value readings or meter,start,end,value interval totals (bills).",
            discussion: "Times: ISO 8601 with an offset, or local to the site; a date alone is local midnight. Intervals are [start, end).")
        @OptionGroup var site: SiteOptions
        @Argument(help: "CSV file (UTF-8 or Big5).") var file: String
        @Flag(help: "Store the good rows and list the bad ones (default: store nothing if any row is bad).") var skipInvalid = false

        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let result = try ReadingsImporter(config: config, store: store).importFile(file, skipInvalid: skipInvalid)
            printImportResult(result)
        }
    }
}

extension ImportCommand {
    struct Temperature: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a weather station's hourly or daily outdoor temperatures (°C or °F).",
            discussion: """
                Columns: station (or --station), time or date, and a temperature column (temperature_c, temperature_f,
                temperature, 氣溫…). Stored in °C on the meter weather:<station>. Daily means are taken in the site's
                time zone from days with readings in at least 12 distinct hours (or one daily value).
                """)
        @OptionGroup var site: SiteOptions
        @Argument(help: "CSV file (UTF-8 or Big5).") var file: String
        @Option(help: "Station id when the file has no station column.") var station: String?
        @Option(help: "C or F when the header does not say.") var unit: String?
        @Flag(help: "Store the good rows and list the bad ones.") var skipInvalid = false

        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            var scale: TemperatureImporter.Scale?
            if let unit {
                guard let s = TemperatureImporter.Scale(rawValue: unit.uppercased()) else { throw ValidationError("--unit expects C or F") }
                scale = s
            }
            printImportResult(try TemperatureImporter(store: store, limits: config.plausibility.limits(store.calendar)).importFile(file, station: station, scale: scale, skipInvalid: skipInvalid))
        }
    }
}

func printImportResult(_ r: ImportResult) {
    var line = "\(r.file): \(r.rows) rows (\(r.encoding.rawValue)): \(r.report.inserted) new, \(r.report.updated) updated, \(r.report.unchanged) unchanged"
    if r.duplicates > 0 { line += ", \(r.duplicates) duplicates skipped" }
    if !r.rejected.isEmpty { line += ", \(r.rejected.count) rejected" }
    print(line)
    for e in r.rejected { FileHandle.standardError.write(Data("rejected: \(e)\n".utf8)) }
}
