import ArgumentParser

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Alerts: list, show, acknowledge, the configured rules, and replays over history.",
        discussion: """
            Alerts are evaluated by the running service (`meterwatch collect`) on the stored data. An alert is pending
            while its hold-off (`for:`) runs, firing once notified, resolved when its condition has cleared for
            `clear_for:`. Acknowledging silences repeat notifications but not the resolution.
            """,
        subcommands: [
            AlertsListCommand.self, AlertsShowCommand.self, AlertsAckCommand.self, AlertsRulesCommand.self, AlertsEvaluateCommand.self,
        ])
}
