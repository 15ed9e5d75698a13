import ArgumentParser
import HummingbirdBcrypt
import MeterwatchCore
import MeterwatchStore

struct UsersAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a local account; the password comes from standard input and is kept as a bcrypt hash.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "The account's name (letters, digits, . _ - @).") var name: String
    @Option(help: "viewer, operator or admin.") var role: Role
    @Option(name: .customLong("building"), help: "The building the account sees alone (one of sites:).") var building: String?

    func run() throws {
        guard !name.isEmpty, name.count <= 100, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }) else {
            throw CLIError.badOption("name", "1 to 100 letters, digits, '.', '_', '-' or '@'")
        }
        let site = try self.site.open()
        if let building, site.config.building(id: building) == nil {
            throw CLIError.unknownSite(building, known: site.config.buildings.map(\.id))
        }
        let password = try PasswordInput.read()
        let now = SystemClock().nowMs()
        try site.store.addUser(
            UserAccount(name: name, passwordHash: Bcrypt.hash(password, cost: 12), role: role.rawValue, site: building, createdAtMs: now))
        try site.audit(.userAdded, target: name, detail: "role \(role.rawValue)\(building.map { " at \($0)" } ?? "")")
        print("added \(name) (\(role.rawValue)\(building.map { ", \($0)" } ?? ""))")
    }
}

extension Role: ExpressibleByArgument {}
