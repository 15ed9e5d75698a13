import ArgumentParser
import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Alerts: list, show, acknowledge, the configured rules, and replays over history.",
        discussion: """
            Alerts are evaluated by the running service (`meterwatch collect`) on the stored data. An alert is pending
            while its hold-off (`for:`) runs, firing once notified, resolved when its condition has cleared for
            `clear_for:`. Acknowledging silences repeat notifications but not the resolution.
            """,
        subcommands: [AlertsListCommand.self, AlertsShowCommand.self, AlertsAckCommand.self, AlertsRulesCommand.self, AlertsEvaluateCommand.self])
}

/// Table rendering shared by `list` and `evaluate`. Values: 3 decimals, half away from zero.
func alertTable(_ alerts: [StoredAlert], calendar: LocalCalendar, language: Language) -> String {
    renderTable(["id", "state", "severity", "rule", "subject", "since", "value", "ack", "message"], alerts.map { a in
        let since = a.state == .resolved || a.state == .cancelled ? a.resolvedAtMs : (a.firedAtMs ?? a.startedAtMs)
        return [String(a.id), a.state.rawValue, a.severity.rawValue, a.rule, a.subject, since.map(calendar.isoString) ?? "",
                a.value.map { DisplayFormat.number($0, decimals: 3) + (a.unit.isEmpty ? "" : " \(a.unit)") } ?? "",
                a.ackedBy ?? "", language == .zhTW ? a.messageZH : a.messageEN]
    }, rightAligned: [0, 6])
}

extension AlertState: ExpressibleByArgument {}

struct AlertsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Alerts, newest first (cancelled ones only with --state cancelled).")
    @OptionGroup var site: SiteOptions
    @Option(help: "pending, firing, resolved or cancelled.") var state: AlertState?
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(help: "Language of messages: en or zh-TW.") var lang: Language = .en
    @Option(help: "At most this many alerts.") var limit: Int = 200

    func run() throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let alerts = try store.alerts(state: state, limit: limit)
        switch format {
        case .json: print(try alerts.map { AlertJSON($0, calendar: store.calendar) }.jsonString())
        case .table, .csv:
            if alerts.isEmpty { print(state.map { "no \($0.rawValue) alerts" } ?? "no alerts"); return }
            print(alertTable(alerts, calendar: store.calendar, language: lang))
        }
    }
}

struct AlertsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One alert with its history and notification log.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Alert id.") var id: Int64
    @Option(help: "table or json.") var format: OutputFormat = .table

    struct Output: Encodable {
        var alert: AlertJSON
        var history: [[String: String]]
        var deliveries: [[String: String]]
    }

    func run() throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        guard let a = try store.alert(id: id) else { throw CLIError("no alert \(id) in \(store.path)") }
        let cal = store.calendar
        let history = try store.alertEvents(alert: id).map { e in
            ["at": cal.isoString(e.atMs), "event": e.event, "value": e.value.map { DisplayFormat.asWritten($0) } ?? "", "note": e.note ?? ""]
        }
        let deliveries = try store.deliveries(alert: id).map { d in
            ["id": String(d.id), "event": d.event, "webhook": d.webhook, "status": d.status.rawValue, "attempts": String(d.attempts),
             "http_status": d.httpStatus.map(String.init) ?? "", "last_error": d.lastError ?? "", "delivered_at": d.deliveredAtMs.map(cal.isoString) ?? ""]
        }
        if format == .json { print(try Output(alert: AlertJSON(a, calendar: cal), history: history, deliveries: deliveries).jsonString()); return }
        print(alertTable([a], calendar: cal, language: .en))
        print("\n\(a.messageZH)\n\nhistory:")
        print(renderTable(["at", "event", "value", "note"], history.map { [$0["at"]!, $0["event"]!, $0["value"]!, $0["note"]!] }))
        print("\nnotifications:")
        print(deliveries.isEmpty ? "(none)" : renderTable(["id", "event", "webhook", "status", "attempts", "http", "delivered", "error"], deliveries.map {
            [$0["id"]!, $0["event"]!, $0["webhook"]!, $0["status"]!, $0["attempts"]!, $0["http_status"]!, $0["delivered_at"]!, $0["last_error"]!]
        }))
    }
}

struct AlertsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an active alert: silences repeats, not the resolution.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Alert id.") var id: Int64
    @Option(help: "Who acknowledges.") var by: String
    @Option(help: "A comment (what is being done about it).") var comment: String?

    func run() throws {
        guard !by.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("--by must name who acknowledges") }
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        do {
            let a = try store.acknowledgeAlert(id: id, by: by, comment: comment, atMs: now)
            print("alert \(a.id) (\(a.rule) \(a.subject)) acknowledged by \(by) at \(store.calendar.isoString(now))")
        } catch let e as AlertStoreError {
            throw CLIError("\(e)")
        }
    }
}

struct AlertsRulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "The configured rules, validated, with what each watches.")
    @OptionGroup var site: SiteOptions
    @Option(help: "table or json.") var format: OutputFormat = .table

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

    static func parameters(_ c: AlertCondition) -> String {
        let n = { (v: Double) in DisplayFormat.asWritten(v) }
        switch c {
        case .nightFlow(let t, let cb, let nights, let w): return "min flow in \(w) > \(n(t)) m³/h for \(nights) nights; clears ≤ \(n(cb))"
        case .continuousFlow(let t, let h): return "flow never ≤ \(n(t)) m³/h for \(n(h)) h"
        case .highFlow(let t, let cb): return "flow > \(n(t)) m³/h; clears < \(n(cb))"
        case .dailyUseAnomaly(let q, let weeks, let minWeeks, let f, let k, let minExcess):
            var parts = ["day's \(q?.name ?? "main quantity") vs median of same weekday, last \(weeks) weeks (≥ \(minWeeks))"]
            if let f { parts.append("> ×\(n(f))") }
            if let k { parts.append("> median + \(n(k))·MAD") }
            if minExcess > 0 { parts.append("by ≥ \(n(minExcess))") }
            return parts.joined(separator: ", ")
        case .stale(let maxAge, let intervals, let stuck, let rateMin):
            var s = maxAge.map { "no sample for \(duration($0))" } ?? "no sample for \(intervals) poll intervals"
            if let stuck { s += "; counter constant \(duration(stuck)) while rate > \(n(rateMin))" }
            return s
        case .ups(let flags, let low): return "flags \(flags.joined(separator: ","))" + (low.map { "; charge < \(n($0)) % as LB" } ?? "")
        case .storage(let b, let ca, let faults): return "SoC < \(n(b)) % (clears > \(n(ca))); inverter_state in \(faults.map(String.init).joined(separator: ","))"
        case .demand(let kw, let share, let clear, let interval):
            return "\(interval / 60_000)-min demand projected > \(n(share * 100)) % of \(n(kw)) kW (clears < \(n(clear * 100)) %)"
        }
    }

    func run() throws {
        let config = try site.loadConfig()
        let calendar = try LocalCalendar(timeZone: config.site.timeZone)
        var engine = AlertEngine(config: config, calendar: calendar)
        engine.evaluator.pollIntervals = ProfileLocator.pollIntervals(config)
        let store = FileManager.default.fileExists(atPath: site.db ?? config.storage.path) ? try site.openStore(config) : nil
        let existing = Set(try store?.allSeries().map(\.key) ?? [])
        let rows = config.alerts.rules.map { r in
            let keys = Array(Set(engine.evaluator.needs(r).map(\.key))).sorted()
            return Row(id: r.id, type: r.condition.typeName, severity: r.severity.rawValue, meters: r.meters,
                       watches: keys.map { store == nil || existing.contains($0) ? $0.description : "\($0) (no data yet)" },
                       parameters: Self.parameters(r.condition), holdOff: Self.duration(r.holdOffMs), clearFor: Self.duration(r.clearForMs),
                       repeatEvery: r.repeatMs.map(Self.duration), notify: r.notify ?? config.alerts.webhooks.map(\.id))
        }
        if format == .json { print(try rows.jsonString()); return }
        if rows.isEmpty { print("\(config.file): no alert rules (alerts: rules: …)"); return }
        print(renderTable(["rule", "type", "severity", "watches", "condition", "for", "clear_for", "repeat", "notify"], rows.map {
            [$0.id, $0.type, $0.severity, $0.watches.joined(separator: " "), $0.parameters, $0.holdOff, $0.clearFor, $0.repeatEvery ?? "", $0.notify.joined(separator: ",")]
        }))
    }
}

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
    @Option(help: "Start (inclusive).") var from: String
    @Option(help: "End (exclusive).") var to: String
    @Option(help: "Evaluation step (e.g. 1m, 5m, 15m).") var step: String = "1m"
    @Option(help: "Only these rules (repeatable).") var rule: [String] = []
    @Flag(help: "Send each firing and resolution to the webhooks.") var notify = false
    @Option(help: "table or json.") var format: OutputFormat = .table
    @Option(help: "Language of messages: en or zh-TW.") var lang: Language = .en

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
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let cal = store.calendar
        let parser = TimeParser(calendar: cal)
        let a = try parser.parseInstant(from), b = try parser.parseInstant(to)
        guard b > a else { throw CLIError("--to must be after --from") }
        guard let stepMs = YAMLReader.parseDurationMs(step) else { throw CLIError("--step: expected a duration such as 1m, 15m or 1h, got '\(step)'") }
        var rules = config.alerts.rules
        if !rule.isEmpty {
            for r in rule where !rules.contains(where: { $0.id == r }) { throw CLIError("unknown rule '\(r)' (not in \(config.file))") }
            rules = rules.filter { rule.contains($0.id) }
        }
        guard !rules.isEmpty else { throw CLIError("\(config.file): no alert rules to evaluate") }
        var engine = AlertEngine(rules: rules, meters: config.meters, calendar: cal)
        engine.evaluator.pollIntervals = ProfileLocator.pollIntervals(config)
        let book = try AlertReplay.run(engine: engine, store: store, from: a, to: b, stepMs: stepMs)
        let alerts = book.alerts.values.filter { $0.state != .cancelled }.sorted { $0.id < $1.id }
        let months = Double(b - a) / (Double(msPerDay) * 365.2425 / 12)
        let summary = rules.map { r -> Summary in
            let mine = alerts.filter { $0.rule == r.id && $0.firedAtMs != nil }
            let hours = mine.reduce(0.0) { $0 + Double(($1.resolvedAtMs ?? b) - $1.firedAtMs!) / 3_600_000 }
            return Summary(rule: r.id, fired: mine.count, perMonth: Double(mine.count) / months, firingHours: hours)
        }
        if notify {
            let message = WebhookMessage(siteName: config.site.name.text(.en) ?? "Meterwatch", baseURL: config.alerts.baseURL, calendar: cal)
            let deliverer = WebhookDeliverer(store: store, webhooks: config.alerts.webhooks)
            var sent = 0, failed = 0
            for c in book.history where AlertLifecycle.notifiedEvents.contains(c.event ?? "") {
                let r = rules.first { $0.id == c.alert.rule }
                for hook in config.alerts.webhooks where r?.notify?.contains(hook.id) ?? true {
                    let body = try hook.templatePath.map { try WebhookMessage.fill(message.validateTemplate(path: $0), values: message.templateValues(c)) } ?? message.body(c)
                    let result = await deliverer.send(body: body, event: c.event!, deliveryID: "replay-\(c.alert.id)-\(c.event!)-\(c.atMs)", to: hook)
                    if result.ok { sent += 1 } else { failed += 1; FileHandle.standardError.write(Data("meterwatch: \(hook.id): \(result.error ?? "?")\n".utf8)) }
                }
            }
            FileHandle.standardError.write(Data("notified: \(sent) sent, \(failed) failed\n".utf8))
        }
        let evaluations = Int((b - a + stepMs - 1) / stepMs)
        switch format {
        case .json:
            print(try Output(from: cal.isoString(a), to: cal.isoString(b), stepMs: stepMs, evaluations: evaluations,
                             alerts: alerts.map { AlertJSON($0, calendar: cal) }, summary: summary).jsonString())
        case .table, .csv:
            print(alerts.isEmpty ? "no alerts would have fired" : alertTable(alerts, calendar: cal, language: lang))
            print("")
            print(renderTable(["rule", "fired", "per month", "firing hours"], summary.map {
                [$0.rule, String($0.fired), DisplayFormat.number($0.perMonth, decimals: 2), DisplayFormat.number($0.firingHours, decimals: 1)]
            }, rightAligned: [1, 2, 3]))
        }
    }
}
