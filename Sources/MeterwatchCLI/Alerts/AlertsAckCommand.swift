import ArgumentParser
import MeterwatchCore

struct AlertsAckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an active alert: silences repeats, not the resolution.")
    @OptionGroup var site: SiteOptions
    @Argument(help: "Alert id.") var id: Int64
    @Option(help: "Who acknowledges.") var by: String
    @Option(help: "A comment (what is being done about it).") var comment: String?

    func validate() throws {
        let name = by.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else {
            throw CLIError.badOption("--by", "name who acknowledges (1…100 characters)")
        }
        guard (comment?.count ?? 0) <= 2000 else {
            throw CLIError.badOption("--comment", "at most 2000 characters")
        }
    }

    func run() throws {
        let store = try site.open().store
        let now = SystemClock().nowMs()
        let alert = try store.acknowledgeAlert(id: id, by: by, comment: comment, atMs: now)
        print("alert \(alert.id) (\(alert.rule) \(alert.subject)) acknowledged by \(by) at \(store.calendar.isoString(now))")
    }
}
