import ArgumentParser

struct UsersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Local accounts (auth.mode: local): add, list, change a role or password, remove.",
        subcommands: [UsersAddCommand.self, UsersListCommand.self, UsersRoleCommand.self, UsersPasswdCommand.self, UsersRemoveCommand.self])
}
