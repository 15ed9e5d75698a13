import ArgumentParser
import MeterwatchCore

struct DBPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete raw samples older than storage.raw_retention_days (rollups are kept).")
    @OptionGroup var site: SiteOptions

    func run() throws {
        let site = try self.site.open()
        let days = site.config.storage.rawRetentionDays
        let pruned = try site.store.prune(retentionDays: days, now: SystemClock().nowMs())
        print("pruned \(pruned) raw samples older than \(days) days")
    }
}
