import ArgumentParser
import MeterwatchDevices

struct ProfilesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every device profile, with where it comes from.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table

    struct Row: Encodable {
        var id: String
        var vendor: String
        var model: String
        var category: String
        var points: Int
        var source: String
    }

    func run() throws {
        let config = try site.loadConfig()
        let catalog = ProfileLocator.catalog(config: config)
        var rows: [Row] = []
        for name in catalog.names.sorted() {
            guard let profile = try catalog.load(name) else { continue }
            rows.append(
                Row(
                    id: profile.id, vendor: profile.vendor, model: profile.model, category: profile.category.rawValue,
                    points: profile.points.count, source: catalog.files.locate(name)?.description ?? name))
        }
        switch format {
        case .json: print(try JSONOutput.text(rows))
        case .table:
            print(
                TextTable(
                    ["id", "vendor", "model", "category", "points", "source"],
                    rows.map { [$0.id, $0.vendor, $0.model, $0.category, String($0.points), $0.source] }, rightAligned: [4]
                ).text)
        }
    }
}
