import ArgumentParser
import MeterwatchCore

struct UsersRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role", abstract: "Change an account's role or building; its open sessions are signed out.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "The account.") var name: String
    @Option(help: "viewer, operator or admin.") var role: Role
    @Option(name: .customLong("building"), help: "The building it sees alone (omit: the whole deployment).") var building: String?

    func run() throws {
        let site = try self.site.open()
        if let building, site.config.building(id: building) == nil {
            throw CLIError.unknownSite(building, known: site.config.buildings.map(\.id))
        }
        guard let old = try site.store.user(name: name) else { throw CLIError.badOption("name", "no account \(name)") }
        try site.store.setUserRole(name: name, role: role.rawValue, site: building)
        let signedOut = try site.store.revokeSessions(user: name, at: SystemClock().nowMs())
        try site.audit(.roleChanged, target: name, detail: "\(old.role) → \(role.rawValue)\(building.map { " at \($0)" } ?? "")")
        print("\(name): \(old.role) → \(role.rawValue); \(signedOut) session(s) signed out")
    }
}
