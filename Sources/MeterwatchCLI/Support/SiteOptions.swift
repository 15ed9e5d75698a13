import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// `--config`, `--db` and `--site`, shared by every command that reads a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "Site configuration file (default: ./meterwatch.yaml when it exists).")
    var config: String?

    @Option(name: .long, help: "Store file; overrides storage.path of the configuration.")
    var db: String?

    @Option(
        name: .customLong("site"),
        help: "One building of the configuration's sites: list: the command sees its meters, KPIs and name alone.")
    var building: String?

    /// The configuration alone (commands that do not touch the store), narrowed by `--site`.
    func loadConfig() throws -> SiteConfig {
        let whole: SiteConfig
        if let config {
            whole = try SiteConfig.load(path: config)
        } else if FileManager.default.fileExists(atPath: "meterwatch.yaml") {
            whole = try SiteConfig.load(path: "meterwatch.yaml")
        } else {
            whole = SiteConfig.empty()
        }
        guard let building else {
            return whole
        }
        guard let scoped = whole.scoped(to: building) else { throw CLIError.unknownSite(building, known: whole.buildings.map(\.id)) }
        return scoped
    }

    /// The store's path: `--db`, else the configuration's.
    func storePath(_ config: SiteConfig) -> String { db ?? config.storage.path }

    /// The configuration and its store, opened (and created or migrated when needed).
    func open() throws -> Site {
        let config = try loadConfig()
        let path = storePath(config)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            throw CLIError.noStoreFolder(folder)
        }
        let calendar = try LocalCalendar(timeZone: config.site.timeZone)
        let store = try MeterStore(path: path, calendar: calendar)
        if let upgrade = store.upgrade {
            StandardError.line("meterwatch: \(upgrade.description)")
        }
        return Site(config: config, store: store)
    }
}
