import ArgumentParser

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import readings, bills, fuel logs and outdoor temperatures from CSV.",
        subcommands: [ImportReadingsCommand.self, ImportFuelCommand.self, ImportTemperatureCommand.self])
}
