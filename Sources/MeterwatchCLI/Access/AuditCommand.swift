import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchStore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit log.", subcommands: [AuditListCommand.self])
}

struct AuditListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Who did what, when, from where, and the result; newest first (the last 30 days by default).")
    @OptionGroup var site: SiteOptions
    @Option(help: "From (a date or time).") var from: String?
    @Option(help: "To (a date or time, not included).") var to: String?
    @Option(help: "One person or token.") var actor: String?
    @Option(help: "One action (sign-in, sign-in-failed, import-fuel, delete-readings, …).") var action: String?
    @Option(help: "At most this many entries.") var limit: Int = 1000
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table

    func run() throws {
        let site = try self.site.open()
        let parser = TimeParser(calendar: site.calendar)
        let end = try to.map { try parser.parseInstant($0) } ?? SystemClock().nowMs() + 1
        let start = try from.map { try parser.parseInstant($0) } ?? end - 30 * msPerDay
        var chosen: AuditEvent.Action?
        if let action {
            guard let a = AuditEvent.Action(rawValue: action) else {
                throw CLIError.badOption("--action", AuditEvent.Action.allCases.map(\.rawValue).joined(separator: ", "))
            }
            chosen = a
        }
        guard (1...100_000).contains(limit) else { throw CLIError.badOption("--limit", "1…100000") }
        let log: any AuditLog = (try site.central() as? any AuditLog) ?? site.store
        let events = try log.auditEvents(from: start, to: end, actor: actor, action: chosen, site: site.config.scope?.id, limit: limit)
        switch format {
        case .json:
            let rows = events.map { e -> [String: String] in
                var row = ["time": site.calendar.isoString(e.atMs), "actor": e.actor, "action": e.action.rawValue, "result": e.result]
                row["role"] = e.role
                row["target"] = e.target
                row["detail"] = e.detail
                row["address"] = e.address
                row["site"] = e.site
                return row
            }
            print(
                String(decoding: try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
        case .csv:
            print("time,actor,role,action,target,detail,address,result,site")
            for e in events {
                print(
                    CSVLine.of([
                        site.calendar.isoString(e.atMs), e.actor, e.role ?? "", e.action.rawValue, e.target ?? "", e.detail ?? "",
                        e.address ?? "", e.result, e.site ?? "",
                    ]))
            }
        case .table:
            print(
                TextTable(
                    ["time", "actor", "role", "action", "target", "result", "address"],
                    events.map {
                        [
                            site.calendar.isoString($0.atMs), $0.actor, $0.role ?? "", $0.action.rawValue, $0.target ?? "", $0.result,
                            $0.address ?? "",
                        ]
                    }
                ).text)
        }
    }
}
