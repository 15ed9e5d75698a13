import ArgumentParser
import MeterwatchCore

struct UsersListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The local accounts.")
    @OptionGroup var site: SiteOptions

    func run() throws {
        let site = try self.site.open()
        let rows = try site.store.users().map { u in
            [u.name, u.role, u.site ?? "", site.calendar.isoString(u.createdAtMs), u.disabled ? "disabled" : ""]
        }
        print(TextTable(["name", "role", "building", "added", ""], rows).text)
    }
}
