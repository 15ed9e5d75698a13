import ArgumentParser

struct OpenDataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-data", abstract: "The open data open_data: chooses: the files a portal harvests.",
        discussion: """
            One row per chosen building and complete month: electricity kWh, water m³, fuel L (as chosen), floor area,
            the change against the same month of last year, the share of the month observed, and the energy use intensity
            of the last twelve months. `serve` publishes the same files under /open-data, open to anyone.
            """,
        subcommands: [OpenDataExportCommand.self])
}
