import ArgumentParser
import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

struct AlertsEvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Replay the rules over stored history: what would have fired, when, for how long.",
        discussion: """
            Runs in memory: nothing is written to the store and nothing is sent unless --notify is given (then each
            firing and resolution is posted once to the configured webhooks). Use it to tune thresholds against last
            year's data. --from and --to take ISO times or dates local to the site; --to is exclusive.
            """)
    @OptionGroup var site: SiteOptions
    @OptionGroup var range: TimeRangeOptions
    @Option(help: "Evaluation step (e.g. 1m, 5m, 15m).") var step: String = "1m"
    @Option(help: "Only these rules (repeatable).") var rule: [String] = []
    @Flag(help: "Send each firing and resolution to the webhooks.") var notify = false
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of states and messages.") var lang: Language = .en

    struct Summary: Encodable {
        var rule: String
        var fired: Int
        var perMonth: Double
        var firingHours: Double
        enum CodingKeys: String, CodingKey { case rule, fired, perMonth = "per_month", firingHours = "firing_hours" }
    }
    struct Output: Encodable {
        var from: String
        var to: String
        var stepMs: Int64
        var evaluations: Int
        var alerts: [AlertJSON]
        var summary: [Summary]
        enum CodingKeys: String, CodingKey { case from, to, stepMs = "step_ms", evaluations, alerts, summary }
    }

    func run() async throws {
        let site = try self.site.open()
        let config = site.config
        let store = site.store
        let cal = store.calendar
        let (a, b) = try range.range(cal)
        guard let stepMs = YAMLReader.parseDurationMs(step), stepMs >= 1000 else {
            throw CLIError.badOption("--step", "expected a duration of at least 1s, such as 1m, 15m or 1h, got '\(step)'")
        }
        guard (b - a) / stepMs <= 10_000_000 else {
            throw CLIError.badOption(
                "--step", "\((b - a) / stepMs) evaluations; choose a longer step or a shorter range (at most 10,000,000)")
        }
        var rules = config.alerts.rules
        if !rule.isEmpty {
            for r in rule where !rules.contains(where: { $0.id == r }) {
                throw CLIError.unknownRule(r, config: config.file)
            }
            rules = rules.filter { rule.contains($0.id) }
        }
        guard !rules.isEmpty else {
            throw CLIError.noRules(config: config.file)
        }
        var engine = AlertEngine(rules: rules, meters: config.meters, calendar: cal)
        engine.evaluator.pollIntervals = ProfileLocator.pollIntervals(config)
        // A central on PostgreSQL replays the buildings' forwarded readings from there.
        let central = config.storage.postgres == nil ? nil : try site.readings()
        let book = try AlertReplay.run(engine: engine, store: store, central: central, from: a, to: b, stepMs: stepMs)
        let alerts = book.alerts.values.filter { $0.state != .cancelled }.sorted { $0.id < $1.id }
        let months = Double(b - a) / (Double(msPerDay) * 365.2425 / 12)
        let summary = rules.map { r -> Summary in
            let mine = alerts.filter { $0.rule == r.id && $0.firedAtMs != nil }
            let hours = mine.reduce(0.0) { $0 + Double(($1.resolvedAtMs ?? b) - $1.firedAtMs!) / 3_600_000 }
            return Summary(rule: r.id, fired: mine.count, perMonth: Double(mine.count) / months, firingHours: hours)
        }
        if notify {
            let message = WebhookMessage(
                siteName: config.site.name.text(.en) ?? "Meterwatch", baseURL: config.alerts.baseURL, calendar: cal)
            let deliverer = WebhookDeliverer(store: store, webhooks: config.alerts.webhooks)
            var sent = 0
            var failed = 0
            for c in book.history {
                guard let event = c.event, AlertLifecycle.notifiedEvents.contains(event) else { continue }
                let r = rules.first { $0.id == c.alert.rule }
                for hook in config.alerts.webhooks where r?.notify?.contains(hook.id) ?? true {
                    let body =
                        try hook.templatePath.map {
                            try WebhookMessage.fill(message.validateTemplate(path: $0), values: message.templateValues(c))
                        } ?? message.body(c)
                    let result = await deliverer.send(
                        body: body, event: event.rawValue, deliveryID: "replay-\(c.alert.id)-\(event.rawValue)-\(c.atMs)", to: hook)
                    if result.ok {
                        sent += 1
                    } else {
                        failed += 1
                        StandardError.line("meterwatch: \(hook.id): \(result.error ?? "?")")
                    }
                }
            }
            StandardError.line("notified: \(sent) sent, \(failed) failed")
        }
        let evaluations = Int((b - a + stepMs - 1) / stepMs)
        switch format {
        case .json:
            let output = Output(
                from: cal.isoString(a), to: cal.isoString(b), stepMs: stepMs, evaluations: evaluations,
                alerts: alerts.map { AlertJSON($0, calendar: cal) },
                summary: summary)
            print(try JSONOutput.text(output))
        case .table:
            print(alerts.isEmpty ? "no alerts would have fired" : AlertTable.text(alerts, calendar: cal, language: lang))
            print("")
            let rows = summary.map {
                [
                    $0.rule, String($0.fired), DisplayFormat.number($0.perMonth, decimals: 2),
                    DisplayFormat.number($0.firingHours, decimals: 1),
                ]
            }
            print(TextTable(["rule", "fired", "per month", "firing hours"], rows, rightAligned: [1, 2, 3]).text)
        }
    }
}
