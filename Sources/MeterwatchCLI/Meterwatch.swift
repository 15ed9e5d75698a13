import ArgumentParser

@main
struct Meterwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meterwatch",
        abstract: "Energy and utilities monitoring for public buildings.",
        discussion: """
            Every command reads the site configuration from --config (default ./meterwatch.yaml when it exists)
            and the store from --db (default: storage.path of the configuration).
            """,
        subcommands: [DBCommand.self, ImportCommand.self, QueryCommand.self, CompareCommand.self, KPICommand.self, ReportCommand.self,
                      FuelCommand.self, MeterCommand.self, ReadCommand.self, SimulateCommand.self, CollectCommand.self, DevicesCommand.self, AlertsCommand.self, ServeCommand.self, TokenCommand.self, DemoCommand.self, SavingsCommand.self,
                      ReadingsCommand.self])
}
