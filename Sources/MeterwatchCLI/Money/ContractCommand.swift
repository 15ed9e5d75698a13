import ArgumentParser

struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract", abstract: "Contract capacity (契約容量): the cheapest contracts for a billed meter's history.",
        subcommands: [ContractOptimiseCommand.self])
}
