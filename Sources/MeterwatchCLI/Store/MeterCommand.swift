import ArgumentParser

struct MeterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meter", abstract: "Record events on a meter's counters.", subcommands: [MeterReplaceCommand.self])
}
