import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// `--config` and `--db`, shared by every command that reads a site.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "Site configuration file (default: ./meterwatch.yaml when it exists).")
    var config: String?

    @Option(name: .long, help: "Store file; overrides storage.path of the configuration.")
    var db: String?

    /// The configuration alone (commands that do not touch the store).
    func loadConfig() throws -> SiteConfig {
        if let config {
            return try SiteConfig.load(path: config)
        }
        if FileManager.default.fileExists(atPath: "meterwatch.yaml") {
            return try SiteConfig.load(path: "meterwatch.yaml")
        }
        return SiteConfig.empty()
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
