import ArgumentParser

struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi", abstract: "KPI targets and attainment.",
        subcommands: [KPIListCommand.self, KPISetCommand.self, KPIEvaluateCommand.self])
}
