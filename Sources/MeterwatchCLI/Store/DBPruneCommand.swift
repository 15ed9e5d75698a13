import ArgumentParser
import MeterwatchCore
import MeterwatchPostgres

struct DBPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune", abstract: "Delete raw samples older than storage.raw_retention_days (rollups are kept).",
        discussion: """
            With storage.postgres, the central's readings are pruned by the same rule; months wholly past it are dropped as
            partitions.
            """)
    @OptionGroup var site: SiteOptions

    func run() throws {
        let site = try self.site.open()
        let days = site.config.storage.rawRetentionDays
        let pruned = try site.store.prune(retentionDays: days, now: SystemClock().nowMs())
        print("pruned \(pruned) raw samples older than \(days) days")
        if let central = try site.central() as? PostgresStore {
            let gone = try central.prune(retentionDays: days, now: SystemClock().nowMs())
            print("pruned \(gone) raw samples older than \(days) days at \(central.address)")
        }
    }
}
