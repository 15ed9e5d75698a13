import ArgumentParser

struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward", abstract: "Send this edge's data to its central Meterwatch (forward: in the configuration).",
        discussion: """
            An edge keeps collecting into its own store, online or not. Once forwarding is on, every write is logged in
            the store; the forwarder sends the logged readings and interval totals to the central, oldest first, and
            forgets a logged write only when the central has stored it. `serve` and `collect` forward by themselves when
            forward: is configured; `forward run` is for an edge whose collector runs elsewhere.
            """,
        subcommands: [ForwardRunCommand.self, ForwardStatusCommand.self, ForwardResetCommand.self],
        defaultSubcommand: ForwardRunCommand.self)
}
