import ArgumentParser
import MeterwatchAlerts
import MeterwatchCore
import MeterwatchStore

struct AlertsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One alert with its history and notification log.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Alert id.") var id: Int64
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of the state and message.") var lang: Language = .en

    struct Output: Encodable {
        var alert: AlertJSON
        var history: [[String: String]]
        var deliveries: [[String: String]]
    }

    func run() throws {
        let store = try site.open().store
        guard let alert = try store.alert(id: id) else {
            throw CLIError.noSuchAlert(id, store: store.path)
        }
        let cal = store.calendar
        let history = try store.alertEvents(alert: id).map { e in
            [
                "at": cal.isoString(e.atMs), "event": e.event, "value": e.value.map { DisplayFormat.asWritten($0) } ?? "",
                "note": e.note ?? "",
            ]
        }
        let deliveries = try store.deliveries(alert: id).map { d in
            [
                "id": String(d.id), "event": d.event, "webhook": d.webhook, "status": d.status.rawValue, "attempts": String(d.attempts),
                "http_status": d.httpStatus.map(String.init) ?? "", "last_error": d.lastError ?? "",
                "delivered_at": d.deliveredAtMs.map(cal.isoString) ?? "",
            ]
        }
        if format == .json {
            print(try JSONOutput.text(Output(alert: AlertJSON(alert, calendar: cal), history: history, deliveries: deliveries)))
            return
        }
        print(AlertTable.text([alert], calendar: cal, language: lang))
        // The table shows the message in --lang; the other language follows it.
        print("\n\(lang.pick(alert.messageZH, alert.messageEN))\n\nhistory:")
        print(
            TextTable(["at", "event", "value", "note"], history.map { row in ["at", "event", "value", "note"].map { row[$0] ?? "" } }).text)
        print("\nnotifications:")
        guard !deliveries.isEmpty else {
            print("(none)")
            return
        }
        let keys = ["id", "event", "webhook", "status", "attempts", "http_status", "delivered_at", "last_error"]
        let header = ["id", "event", "webhook", "status", "attempts", "http", "delivered", "error"]
        print(TextTable(header, deliveries.map { row in keys.map { row[$0] ?? "" } }).text)
    }
}
