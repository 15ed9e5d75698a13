import ArgumentParser
import MeterwatchCore

/// Upgrades the store to this build's schema now, instead of on the next command that opens it
/// (a copy is taken first when a migration rewrites data).
struct DBMigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Upgrade the store to this version's schema (a copy is kept when data is rewritten).")
    @OptionGroup var site: SiteOptions

    func run() throws {
        let store = try site.open().store
        if store.upgrade == nil {
            print("the store is at schema \(BuildInfo.storeSchema); nothing to do")
        }
    }
}
