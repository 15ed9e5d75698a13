import ArgumentParser
import Foundation

struct DBBackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Consistent online copy of the store (safe while collecting).")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Destination file (must not exist).") var destination: String

    func run() throws {
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw CLIError.destinationExists(destination)
        }
        let store = try site.open().store
        try store.backup(to: destination)
        print("backed up \(store.path) to \(destination)")
    }
}
