import ArgumentParser
import Foundation
import MeterwatchCore

struct DBStatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Series, sample counts, time spans and file size.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table

    func run() throws {
        let store = try site.open().store
        let stats = try store.stats()
        if format == .json {
            print(try JSONOutput.text(stats))
            return
        }
        let cal = store.calendar
        let rows = stats.series.map {
            [
                $0.meter, $0.quantity, $0.kind, $0.unit, String($0.samples), String($0.intervals), String($0.rollups),
                $0.firstMs.map(cal.isoString) ?? "", $0.lastMs.map(cal.isoString) ?? "",
            ]
        }
        print(
            TextTable(
                ["meter", "quantity", "kind", "unit", "samples", "intervals", "rollups", "first", "last"], rows, rightAligned: [4, 5, 6]
            ).text)
        print(
            "\n\(stats.series.count) series, \(stats.samples) samples, \(stats.rollups) rollup buckets, \(stats.fileBytes) bytes on disk "
                + "(\(stats.path))"
        )
        if let raw = stats.rawBytesPerSample, let whole = stats.fileBytesPerSample {
            let perReading = "\(Self.twoDecimals(raw)) B per reading; whole file \(Self.twoDecimals(whole)) B per reading"
            print("raw readings: \(stats.rawBytes) bytes, \(perReading)")
        }
        print("store schema: \(stats.schemaVersion) (this build writes \(BuildInfo.storeSchema))")
    }

    static func twoDecimals(_ v: Double) -> String { String(format: "%.2f", v) }
}
