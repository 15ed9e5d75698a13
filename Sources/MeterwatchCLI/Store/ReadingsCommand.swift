import ArgumentParser

/// `meterwatch readings delete`: removes mistaken readings (a typo's year, a register that answered
/// garbage) and recomputes the rollups they touched.
struct ReadingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "readings", abstract: "Repair stored readings.", subcommands: [ReadingsDeleteCommand.self])
}
