import ArgumentParser

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "API write tokens.", subcommands: [TokenNewCommand.self, TokenHashCommand.self])
}
