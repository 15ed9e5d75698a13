import ArgumentParser
import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore

struct AlertsRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "The configured rules, validated, with what each watches.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table

    struct Row: Encodable {
        var id: String
        var type: String
        var severity: String
        var meters: [String]
        var watches: [String]
        var parameters: String
        var holdOff: String
        var clearFor: String
        var repeatEvery: String?
        var notify: [String]
        enum CodingKeys: String, CodingKey {
            case id, type, severity, meters, watches, parameters, notify
            case holdOff = "for", clearFor = "clear_for", repeatEvery = "repeat"
        }
    }

    static func duration(_ ms: Int64) -> String {
        if ms == 0 { return "0" }
        if ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1000 == 0 { return "\(ms / 1000)s" }
        return "\(ms)ms"
    }

    func run() throws {
        let config = try site.loadConfig()
        let calendar = try LocalCalendar(timeZone: config.site.timeZone)
        var engine = AlertEngine(config: config, calendar: calendar)
        engine.evaluator.pollIntervals = ProfileLocator.pollIntervals(config)
        // The store is optional here: rules can be checked before anything was collected.
        let store = FileManager.default.fileExists(atPath: site.storePath(config)) ? try site.open().store : nil
        let existing = Set(try store?.allSeries().map(\.key) ?? [])
        let rows = config.alerts.rules.map { r in
            let keys = Array(Set(engine.evaluator.needs(r).map(\.key))).sorted()
            return Row(
                id: r.id, type: r.condition.typeName, severity: r.severity.rawValue, meters: r.meters,
                watches: keys.map { store == nil || existing.contains($0) ? $0.description : "\($0) (no data yet)" },
                parameters: r.condition.summary, holdOff: Self.duration(r.holdOffMs), clearFor: Self.duration(r.clearForMs),
                repeatEvery: r.repeatMs.map(Self.duration), notify: r.notify ?? config.alerts.webhooks.map(\.id))
        }
        if format == .json {
            print(try JSONOutput.text(rows))
            return
        }
        if rows.isEmpty {
            print("\(config.file): no alert rules (alerts: rules: …)")
            return
        }
        let cells = rows.map {
            [
                $0.id, $0.type, $0.severity, $0.watches.joined(separator: " "), $0.parameters, $0.holdOff, $0.clearFor,
                $0.repeatEvery ?? "",
                $0.notify.joined(separator: ","),
            ]
        }
        print(TextTable(["rule", "type", "severity", "watches", "condition", "for", "clear_for", "repeat", "notify"], cells).text)
    }
}
