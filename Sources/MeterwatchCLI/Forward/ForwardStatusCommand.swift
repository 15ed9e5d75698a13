import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore

struct ForwardStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "How far behind the central is: logged writes not yet acknowledged, the last success and error.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table

    struct StatusJSON: Encodable {
        var enabled: Bool
        var central: String?
        var site: String?
        var pendingChanges: Int
        var behindSeconds: Double?
        var oldestPending: String?
        var lastSuccess: String?
        var lastError: String?
        var lastErrorAt: String?
        var forwardedReadings: Int64
        enum CodingKeys: String, CodingKey {
            case enabled, central, site
            case pendingChanges = "pending_changes", behindSeconds = "behind_seconds", oldestPending = "oldest_pending"
            case lastSuccess = "last_success", lastError = "last_error", lastErrorAt = "last_error_at"
            case forwardedReadings = "forwarded_readings"
        }
    }

    func run() throws {
        let site = try self.site.open()
        let state = try site.store.forwardState()
        let now = SystemClock().nowMs()
        let cal = site.calendar
        let status = StatusJSON(
            enabled: state.enabled,
            central: site.config.forward?.url.absoluteString
                ?? site.config.storage.postgres.flatMap { try? PostgresAddress($0).description },
            site: site.config.forward?.site,
            pendingChanges: state.pendingChanges, behindSeconds: state.behindSeconds(nowMs: now),
            oldestPending: state.oldestPendingMs.map(cal.isoString), lastSuccess: state.lastSuccessMs.map(cal.isoString),
            lastError: state.lastError, lastErrorAt: state.lastErrorMs.map(cal.isoString), forwardedReadings: state.forwardedReadings)
        switch format {
        case .json: print(try JSONOutput.text(status))
        case .table:
            let central = ["central", "\(status.central ?? "(no forward: in the configuration)") as site \(status.site ?? "-")"]
            let rows: [[String]] = [
                ["forwarding", state.enabled ? "on" : "not started"],
                ["pending changes", "\(status.pendingChanges)"],
                ["behind by", status.behindSeconds.map { DisplayFormat.number($0, decimals: 0) + " s" } ?? "0 s (up to date)"],
                ["last success", status.lastSuccess ?? "-"],
                ["last error", status.lastError.map { "\($0) (\(status.lastErrorAt ?? ""))" } ?? "-"],
                ["readings forwarded", DisplayFormat.number(Double(status.forwardedReadings), decimals: 0)],
            ]
            print(TextTable(central, rows).text)
        }
    }
}
