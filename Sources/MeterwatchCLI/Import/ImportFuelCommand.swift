import ArgumentParser
import MeterwatchImport

struct ImportFuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuel",
        abstract: "Import a fuel log: date/日期, vehicle/車號, fuel/油品, litres/公升 [, amount/金額, odometer/里程, station/加油站].",
        discussion: """
            UTF-8 (with or without BOM) or Big5; ISO or ROC dates (108/07/01, 108.7.1, 1080701). Duplicate refuels (same
            vehicle, date, litres) are skipped and counted.
            """)
    @OptionGroup var site: SiteOptions
    @Argument(help: "CSV file.") var file: String
    @Flag(help: "Store the good rows and list the bad ones (default: store nothing if any row is bad).") var skipInvalid = false

    func run() throws {
        let site = try self.site.open()
        ImportSummary.print(try FuelLogImporter(store: site.store, limits: site.limits).importFile(file, skipInvalid: skipInvalid))
    }
}
