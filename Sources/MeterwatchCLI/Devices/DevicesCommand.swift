import ArgumentParser
import MeterwatchCollector
import MeterwatchCore

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Show each device's health as the collector last recorded it.")

    @OptionGroup var site: SiteOptions
    @Option(name: .long, help: "Output format.")
    var format: TableOrJSON = .table

    func run() throws {
        let site = try self.site.open()
        let rows = try DeviceHealthReport.all(config: site.config, store: site.store, nowMs: SystemClock().nowMs())
        switch format {
        case .json: print(try JSONOutput.text(rows))
        case .table:
            print(
                TextTable(
                    [
                        "meter", "profile", "link", "unit", "state", "requests", "errors", "rejected", "last success", "latency ms",
                        "last error",
                    ],
                    rows.map {
                        [
                            $0.meter, $0.profile, $0.link, String($0.unit), $0.state.rawValue, String($0.requests),
                            $0.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                            String($0.rejectedValues),
                            $0.lastSuccess ?? "", $0.latencyMs.map { String(($0 * 10).rounded() / 10) } ?? "", $0.lastError ?? "",
                        ]
                    }, rightAligned: [3, 5, 7]
                ).text)
        }
    }
}
