import ArgumentParser
import MeterwatchAlerts
import MeterwatchCore
import MeterwatchStore

struct AlertsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Alerts, newest first (cancelled ones only with --state cancelled).")
    @OptionGroup var site: SiteOptions
    @Option(help: "Only alerts in this state.") var state: AlertState?
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of states and messages.") var lang: Language = .en
    @Option(help: "At most this many alerts (1…10000).") var limit: Int = 200

    func validate() throws {
        guard (1...10_000).contains(limit) else {
            throw CLIError.badOption("--limit", "expected 1…10000")
        }
    }

    func run() throws {
        let store = try site.open().store
        let alerts = try store.alerts(state: state, limit: limit)
        switch format {
        case .json:
            print(try JSONOutput.text(alerts.map { AlertJSON($0, calendar: store.calendar) }))
        case .table:
            if alerts.isEmpty {
                print(state.map { "no \($0.rawValue) alerts" } ?? "no alerts")
                return
            }
            print(AlertTable.text(alerts, calendar: store.calendar, language: lang))
        }
    }
}
