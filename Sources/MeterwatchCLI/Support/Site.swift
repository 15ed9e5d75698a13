import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchPostgres
import MeterwatchStore

/// A site's configuration with its open store: what most commands work on.
struct Site {
    let config: SiteConfig
    let store: MeterStore

    var calendar: LocalCalendar { store.calendar }
    var limits: PlausibilityLimits { config.plausibility.limits(store.calendar) }

    /// What the engine's commands read: the PostgreSQL central when `storage.postgres` is set
    /// (connected here, once per command), else the SQLite store.
    func readings() throws -> any ReadingStore { try central() }

    /// Where the buildings' readings are kept: the PostgreSQL central when `storage.postgres` is
    /// set, else the SQLite store.
    func central() throws -> any CentralStore {
        guard let url = config.storage.postgres else { return store }
        return try PostgresStore(address: try PostgresAddress(url), calendar: store.calendar)
    }

    /// The engine on `readings()`; on a PostgreSQL central, an empty answer names the readings still
    /// in the SQLite file (imported here, not yet moved by `serve` or `db copy-to-postgres`).
    func engine(now: Int64 = SystemClock().nowMs()) throws -> ComparisonEngine {
        var engine = ComparisonEngine(config: config, store: try readings(), now: now)
        if config.storage.postgres != nil {
            engine.unforwarded = UnforwardedReadings(file: config.storage.path, store: store)
        }
        return engine
    }

    /// Records what a command changed in the audit log (its actor: the user running it).
    func audit(_ action: AuditEvent.Action, target: String?, detail: String?) throws {
        let user = ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"
        let log: any AuditLog = (try central() as? any AuditLog) ?? store
        try log.recordAudit(
            AuditEvent(
                atMs: SystemClock().nowMs(), actor: "\(user) (cli)", action: action, target: target, detail: detail, address: "local",
                result: "ok"))
    }
}
