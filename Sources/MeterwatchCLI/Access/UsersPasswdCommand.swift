import ArgumentParser
import HummingbirdBcrypt
import MeterwatchCore

struct UsersPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "passwd", abstract: "Set an account's password (from standard input); its open sessions are signed out.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "The account.") var name: String

    func run() throws {
        let site = try self.site.open()
        guard try site.store.user(name: name) != nil else { throw CLIError.badOption("name", "no account \(name)") }
        let password = try PasswordInput.read()
        try site.store.setUserPassword(name: name, hash: Bcrypt.hash(password, cost: 12))
        let signedOut = try site.store.revokeSessions(user: name, at: SystemClock().nowMs())
        try site.audit(.passwordChanged, target: name, detail: nil)
        print("\(name): password changed; \(signedOut) session(s) signed out")
    }
}
