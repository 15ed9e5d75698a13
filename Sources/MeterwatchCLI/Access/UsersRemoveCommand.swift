import ArgumentParser
import MeterwatchCore

struct UsersRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an account and sign its sessions out.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "The account.") var name: String

    func run() throws {
        let site = try self.site.open()
        guard try site.store.removeUser(name: name) else { throw CLIError.badOption("name", "no account \(name)") }
        let signedOut = try site.store.revokeSessions(user: name, at: SystemClock().nowMs())
        try site.audit(.userRemoved, target: name, detail: nil)
        print("removed \(name); \(signedOut) session(s) signed out")
    }
}
