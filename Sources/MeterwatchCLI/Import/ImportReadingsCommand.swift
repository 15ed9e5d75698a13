import ArgumentParser
import MeterwatchImport

struct ImportReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings",
        abstract: "Import meter,time,value readings or meter,start,end,value interval totals (bills).",
        discussion: "Times: ISO 8601 with an offset, or local to the site; a date alone is local midnight. Intervals are [start, end).")
    @OptionGroup var site: SiteOptions
    @Argument(help: "CSV file (UTF-8 or Big5); - reads standard input.") var file: String
    @Flag(help: "Store the good rows and list the bad ones (default: store nothing if any row is bad).") var skipInvalid = false

    func run() throws {
        let site = try self.site.open()
        let importer = ReadingsImporter(config: site.config, store: site.store)
        ImportSummary.print(try importer.importFile(file, skipInvalid: skipInvalid, progress: ImportProgress.forTerminal()))
    }
}
