import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport

extension ImportCommand {
    struct Fuel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a fuel log: date/日期, vehicle/車號, fuel/油品, litres/公升 [, amount/金額, odometer/里程, station/加油站].",
            discussion: "UTF-8 (with or without BOM) or Big5; ISO or ROC dates (108/07/01, 108.7.1, 1080701). Duplicate refuels (same vehicle, date, litres) are skipped and counted.")
        @OptionGroup var site: SiteOptions
        @Argument(help: "CSV file.") var file: String
        @Flag(help: "Store the good rows and list the bad ones (default: store nothing if any row is bad).") var skipInvalid = false
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            printImportResult(try FuelLogImporter(store: store, limits: config.plausibility.limits(store.calendar)).importFile(file, skipInvalid: skipInvalid))
        }
    }
}

struct FuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fuel", abstract: "Fuel log figures per vehicle.", subcommands: [Summary.self])

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Litres, spend, distance and km per litre per vehicle over a period.")
        @OptionGroup var site: SiteOptions
        @Option(help: "The period.") var period: String
        @Option(help: "table or json") var format: OutputFormat = .table
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let p = try Period.parse(period)
            let summary = VehicleFuelSummary.summarize(try store.refuels(from: p.start, to: p.end))
            if format == .json { print(try summary.jsonString()); return }
            print(renderTable(["vehicle", "refuels", "litres", "petrol", "diesel", "NT$", "km", "km/L"],
                              summary.map { s in
                                  [s.vehicle, "\(s.refuels)", DisplayFormat.number(s.litres, decimals: 2), DisplayFormat.number(s.petrolLitres, decimals: 2),
                                   DisplayFormat.number(s.dieselLitres, decimals: 2), s.amount.map { DisplayFormat.number($0, decimals: 0) } ?? "",
                                   s.distanceKm.map { DisplayFormat.number($0, decimals: 0) } ?? "", s.kmPerLitre.map { DisplayFormat.number($0, decimals: 2) } ?? ""]
                              }, rightAligned: [1, 2, 3, 4, 5, 6, 7]))
        }
    }
}
