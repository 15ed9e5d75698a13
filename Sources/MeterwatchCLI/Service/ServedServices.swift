import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
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
        let tokens = TokenVerifier(config: config.server)
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        if !loopback && tokens.isEmpty && !insecure {
            throw CLIError.insecureBind(host: host)
        }
        var logger = Logger(label: "meterwatch")
        logger.logLevel = .info
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
            + "\(tokens.isEmpty ? "no write tokens (read-only API)" : "write tokens configured")"
        let path = store.path
        let centralShown = (central as? PostgresStore).map { "; buildings' readings in \($0.address)" } ?? ""
        let app = HTTPServer.application(state: state, host: host, port: port, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            print("serving http://\(shown):\(bound)/ (\(summary)); store \(path)\(centralShown)")
            fflush(nil)
            onBound(bound)
        }
        services.insert(app, at: 0)
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
