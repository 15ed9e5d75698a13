import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine

struct OpenDataExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the published files (CSV, JSON, datapackage.json) into a folder.",
        discussion: """
            Writes energy-monthly.csv (English field names), energy-monthly-zh-TW.csv (Chinese field names), both UTF-8
            with a byte-order mark and CRLF line ends as Excel expects, energy-monthly.json (exact values) and
            datapackage.json (a Frictionless Data Package with a Table Schema per file, the licence OGDL-Taiwan-1.0 and
            what a data.gov.tw dataset page asks for). The folder is made when missing; each file is replaced whole.
            """)
    @OptionGroup var site: SiteOptions
    @Argument(help: "The folder to write into.") var folder: String

    func run() throws {
        let site = try self.site.open()
        let dataset = try OpenDataBuilder(config: site.config, store: try site.readings(), now: SystemClock().nowMs()).dataset()
        let files = try OpenDataPackage.files(dataset)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
            throw CLIError.badOption("FOLDER", "\(folder) is a file, not a folder")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            let path = (folder as NSString).appendingPathComponent(file.name)
            try Data(file.bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            print("\(path)\t\(file.bytes.count) bytes")
        }
        let months = dataset.months
        if let first = months.first, let last = months.last {
            let buildings = dataset.publication.buildings.count
            print(
                "\(dataset.rows.count) rows: \(buildings) buildings × \(months.count) months (\(Self.month(first)) to \(Self.month(last)))")
        } else {
            print("0 rows: no month has ended since \(Self.month(dataset.publication.from))")
        }
    }

    static func month(_ d: CivilDate) -> String { String(format: "%04d-%02d", d.year, d.month) }
}
