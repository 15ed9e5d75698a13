import ArgumentParser

struct FuelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuel", abstract: "Fuel log figures per vehicle.", subcommands: [FuelSummaryCommand.self])
}
