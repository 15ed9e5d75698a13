import ArgumentParser
import Crypto
import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchServer
import MeterwatchStore
import ServiceLifecycle

/// Runs a task-style `run()` as a service that stops on graceful shutdown.
struct TaskService: Service {
    let name: String
    let body: @Sendable () async throws -> Void
    func run() async throws { try await cancelWhenGracefulShutdown { try await body() } }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect, evaluate alerts and serve the HTTP API and dashboards in one process.",
        discussion: """
            Default address 127.0.0.1:8080 (server.bind in the configuration). Writes through the API need a bearer token
            (server.tokens as SHA-256 digests, or MW_API_TOKENS=name:token in the environment). Serving on a non-loopback
            address without any token refuses to start unless --insecure. SIGINT/SIGTERM stop it gracefully.
            """)

    @OptionGroup var site: SiteOptions
    @Option(help: "Address to listen on (default: server.bind or 127.0.0.1).") var host: String?
    @Option(help: "Port (default: server.bind or 8080; 0 picks a free one).") var port: Int?
    @Flag(name: .customLong("no-collect"), help: "Serve the store only: no Modbus collection, no alert evaluation.") var noCollect = false
    @Flag(help: "Allow a non-loopback address without any write token (writes are then impossible, reads open).") var insecure = false

    func run() async throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let served = try ServedServices(config: config, store: store, host: host, port: port, collect: !noCollect, insecure: insecure)
        try await served.group.run()
        served.printStopped()
    }
}

/// The services `serve` runs in one process: the HTTP application, the collector and the alert
/// evaluation, in a ServiceGroup stopped gracefully by SIGINT/SIGTERM. Shared with `demo`.
struct ServedServices {
    let group: ServiceGroup
    let collector: Collector?
    let store: MeterStore

    /// `onBound` runs once the server listens, with its port (after the "serving" line).
    init(config: SiteConfig, store: MeterStore, host: String?, port: Int?, collect: Bool, insecure: Bool,
         onBound: @escaping @Sendable (Int) -> Void = { _ in }) throws {
        let host = host ?? config.server.host
        let port = port ?? config.server.port
        let tokens = TokenVerifier(config: config.server)
        let loopback = host == "127.0.0.1" || host == "::1" || host == "localhost"
        if !loopback && tokens.isEmpty && !insecure {
            throw CLIError("refusing to serve on \(host) without any write token: add server.tokens (meterwatch token new) or MW_API_TOKENS, or pass --insecure")
        }
        var logger = Logger(label: "meterwatch")
        logger.logLevel = .info
        let dashboards = try DashboardSet.load(directory: config.server.dashboardsDirectory, meters: config.meters)
        var services: [any Service] = []
        var collector: Collector?
        if collect {
            let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
            if !devices.isEmpty {
                let c = Collector(devices: devices, links: config.links, store: store, logger: Logger(label: "meterwatch.collector"),
                                  limits: config.plausibility.limits(store.calendar))
                collector = c
                services.append(TaskService(name: "collector") { try await c.run() })
            }
            if !config.alerts.rules.isEmpty {
                let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
                let alerts = try AlertService(config: config, store: store, calendar: store.calendar, logger: Logger(label: "meterwatch.alerts"),
                                              pollIntervals: CollectorDevice.pollIntervals(devices))
                services.append(TaskService(name: "alerts") { await alerts.run() })
            }
        }
        var stats: (@Sendable () -> CollectorStats)?
        if let c = collector { stats = { c.currentStats } }
        let state = ServerState(config: config, store: store, dashboards: dashboards, collectorStats: stats)
        let metrics = MetricsEndpoint()
        metrics.bootstrap()
        let summary = "\(collector?.devices.count ?? 0) device(s), \(collect ? config.alerts.rules.count : 0) alert rule(s), \(tokens.isEmpty ? "no write tokens (read-only API)" : "write tokens configured")"
        let path = store.path
        let app = HTTPServer.application(state: state, host: host, port: port, metrics: metrics, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            print("serving http://\(shown):\(bound)/ (\(summary)); store \(path)")
            fflush(nil)
            onBound(bound)
        }
        services.insert(app, at: 0)
        group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        self.collector = collector
        self.store = store
    }

    func printStopped() {
        if let collector { print("stopped: \(collector.currentStats.samplesWritten) samples written") } else { print("stopped") }
    }
}

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API write tokens.", subcommands: [New.self, Hash.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a random token; prints it once and the line for server.tokens (only the digest is kept).")
        @Option(help: "A name for the token (shown as who wrote).") var name: String
        func run() throws {
            var bytes = [UInt8](repeating: 0, count: 32)
            var rng = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
            let token = "mw_" + bytes.map { String(format: "%02x", $0) }.joined()
            print("token (give it to the user; it is not stored): \(token)")
            print("add to meterwatch.yaml under server.tokens:")
            print("  - { name: \(name), sha256: \(TokenVerifier.hex(TokenVerifier.digest(token))) }")
        }
    }

    struct Hash: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The SHA-256 line for an existing token read from standard input.")
        @Option(help: "The token's name.") var name: String
        func run() throws {
            guard let token = readLine(strippingNewline: true), token.count >= 16 else { throw CLIError("give the token (at least 16 characters) on standard input") }
            print("  - { name: \(name), sha256: \(TokenVerifier.hex(TokenVerifier.digest(token))) }")
        }
    }
}
