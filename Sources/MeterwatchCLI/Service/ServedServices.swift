import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchForward
import MeterwatchPostgres
import MeterwatchServer
import MeterwatchStore
import ServiceLifecycle

/// The services `serve` runs in one process: the HTTP application, the collector, the alert
/// evaluation and (on an edge with `forward:`) the forwarder, in a ServiceGroup stopped gracefully
/// by SIGINT/SIGTERM. Shared with `demo`.
struct ServedServices {
    let group: ServiceGroup
    let collector: Collector?
    let store: MeterStore
    /// Reloads the certificate and tokens on SIGHUP while the services run.
    let reload: SignalWatcher
    /// Where the buildings' readings are kept: `store`, or the PostgreSQL central.
    let central: any CentralStore

    /// `onBound` runs once the server listens, with its port (after the "serving" line). `extra`:
    /// more services in the same group (the demo's edges).
    init(
        config: SiteConfig, store: MeterStore, host: String?, port: Int?, collect: Bool, insecure: Bool, extra: [any Service] = [],
        onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws {
        let host = host ?? config.server.host
        let port = port ?? config.server.port
        let tokens = TokenRegistry(config: config.server)
        let loopback = ServerConfig.isLoopback(host)
        // Beyond loopback: no open reads, and no sign-in (a password, a session cookie) over plain HTTP.
        if !loopback {
            if config.auth.mode == .open { throw CLIError.openBeyondLoopback(host: host) }
            if config.server.tls == nil { throw CLIError.signInWithoutTLS(host: host, mode: config.auth.mode.rawValue) }
            if tokens.isEmpty && config.auth.mode == .token && !insecure { throw CLIError.insecureBind(host: host) }
        }
        // Tariffs and contracts are checked at start, with their line, not at the first bill.
        _ = try BillingSetup(config: config)
        if let problem = config.auth.oidc?.clientSecretProblem {
            throw ConfigError(file: config.file, line: nil, column: nil, key: "auth.oidc.client_secret", message: problem)
        }
        var logger = Logger(label: "meterwatch")
        logger.logLevel = .info
        for name in tokens.legacyNames {
            logger.warning("token \(name) lists no scopes: it may read, import, enter KPI actuals, acknowledge and delete; give it scopes")
        }
        let certificates = try config.server.tls.map { try TLSCertificates(files: $0) }
        let dashboards = try DashboardSet.load(directory: config.server.dashboardsDirectory, meters: config.meters)
        var services: [any Service] = []
        var collector: Collector?
        let central = try Site(config: config, store: store).central()
        if collect {
            let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
            if !devices.isEmpty {
                let c = Collector(
                    devices: devices, links: config.links, store: store, logger: Logger(label: "meterwatch.collector"),
                    limits: config.plausibility.limits(store.calendar))
                collector = c
                services.append(TaskService(name: "collector") { try await c.run() })
            }
            if !config.alerts.rules.isEmpty {
                let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
                // On a central on PostgreSQL, rules on the buildings' forwarded meters read the database.
                let alerts = try AlertService(
                    config: config, store: store, central: central as? PostgresStore, calendar: store.calendar,
                    logger: Logger(label: "meterwatch.alerts"), pollIntervals: CollectorDevice.pollIntervals(devices))
                services.append(TaskService(name: "alerts") { await alerts.run() })
            }
            if let forward = config.forward {
                let forwarder = Forwarder(config: forward, store: store, clock: SystemClock())
                services.append(TaskService(name: "forward") { await forwarder.run() })
            }
        }
        if let database = central as? PostgresStore {
            // The SQLite file is this building's edge: whatever reaches it (the collector, `meterwatch import`)
            // goes on into the database, and waits in the file while the database is away.
            let target = CentralStoreForwardTarget(
                central: database, name: database.address.description, config: config, clock: SystemClock())
            let forwarder = Forwarder(
                target: target, store: store, everyMs: collect ? 2_000 : 5_000, batchReadings: 20_000, forwardsAlertsAndDevices: false,
                logger: Logger(label: "meterwatch.central"), clock: SystemClock())
            services.append(TaskService(name: "forward-to-central") { await forwarder.run() })
        }
        var stats: (@Sendable () -> CollectorStats)?
        if let c = collector { stats = { c.currentStats } }
        let state = ServerState(config: config, store: store, central: central, dashboards: dashboards, collectorStats: stats)
        let summary =
            "\(collector?.devices.count ?? 0) device(s), \(collect ? config.alerts.rules.count : 0) alert rule(s), "
            + "\(state.tokens.hasWriter ? "write tokens configured" : "no write tokens (read-only API)"), "
            + "sign-in: \(config.auth.mode.rawValue)"
        let path = store.path
        let centralShown = (central as? PostgresStore).map { "; buildings' readings in \($0.address)" } ?? ""
        let scheme = certificates == nil ? "http" : "https"
        let app = try HTTPServer.application(state: state, host: host, port: port, logger: logger, tls: certificates) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            print("serving \(scheme)://\(shown):\(bound)/ (\(summary)); store \(path)\(centralShown)")
            fflush(nil)
            onBound(bound)
        }
        services.insert(app, at: 0)
        if let redirect = config.server.redirectHTTP {
            services.insert(
                HTTPServer.redirectApplication(host: redirect.host, port: redirect.port, httpsPort: port, logger: logger), at: 1)
        }
        // SIGHUP: the certificate and the tokens are read again; connections stay up.
        let file = config.file
        let reloadLogger = logger
        reload = SignalWatcher(signals: [SIGHUP]) {
            do {
                try certificates?.reload()
                let fresh = try SiteConfig.load(path: file)
                let (added, removed) = state.tokens.reload(fresh.server)
                let certificate = certificates.map { "certificate \($0.summary), " } ?? ""
                let changed = added.isEmpty ? "none" : added.joined(separator: ", ")
                let gone = removed.isEmpty ? "none" : removed.joined(separator: ", ")
                reloadLogger.notice("reloaded on SIGHUP: \(certificate)tokens added or changed: \(changed); removed: \(gone)")
                if !added.isEmpty || !removed.isEmpty {
                    try state.auditLog.recordAudit(
                        AuditEvent(
                            atMs: state.clock.nowMs(), actor: "SIGHUP", action: .tokensReloaded, target: file,
                            detail: "added or changed: \(added.joined(separator: " ")); removed: \(removed.joined(separator: " "))",
                            result: "ok"))
                }
            } catch {
                reloadLogger.error("SIGHUP: kept the certificate and tokens in use: \(error)")
            }
        }
        services += extra
        group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        self.collector = collector
        self.store = store
        self.central = central
    }

    func printStopped() {
        if let collector { print("stopped: \(collector.currentStats.samplesWritten) samples written") } else { print("stopped") }
    }
}
