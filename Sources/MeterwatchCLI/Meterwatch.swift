import ArgumentParser
import Foundation
import MeterwatchCore

@main
struct Meterwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meterwatch",
        abstract: "Energy and utilities monitoring for public buildings.",
        discussion: """
            Every command reads the site configuration from --config (default ./meterwatch.yaml when it exists)
            and the store from --db (default: storage.path of the configuration).
            Exit statuses: 0 done; 64 a bad option or period; 65 the input or the stored data cannot answer;
            66 a meter, series or alert that does not exist; 69 a device or tool that did not answer; 74 the store
            cannot be read or written; 78 a wrong configuration or profile.
            """,
        version: "meterwatch \(BuildInfo.version) (commit \(BuildInfo.shortCommit), store schema \(BuildInfo.storeSchema))",
        subcommands: [
            DBCommand.self, ImportCommand.self, QueryCommand.self, CompareCommand.self, PortfolioCommand.self, KPICommand.self,
            ReportCommand.self,
            SavingsCommand.self, FuelCommand.self, MeterCommand.self, ReadingsCommand.self, ReadCommand.self, SimulateCommand.self,
            CollectCommand.self, DevicesCommand.self, ProfilesCommand.self, AlertsCommand.self, ServeCommand.self, TokenCommand.self,
            ForwardCommand.self, DemoCommand.self, UsersCommand.self, AuditCommand.self, BillCommand.self, DemandCommand.self,
            ContractCommand.self, OpenDataCommand.self,
        ])

    /// Runs the command; the errors of the layers below become an exit status and a message in
    /// one place (`ExitStatus`), ArgumentParser's own (usage, help) are reported by it.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let status = ExitStatus.of(error) else {
                exit(withError: error)
            }
            StandardError.line("meterwatch: \(status.message)")
            Foundation.exit(status.code)
        }
    }
}
