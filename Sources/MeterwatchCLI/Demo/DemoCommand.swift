import ArgumentParser
import Foundation
import Logging
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDemo
import MeterwatchDevices
import MeterwatchForward
import MeterwatchModbus
import MeterwatchPostgres
import MeterwatchServer
import MeterwatchStore
import ServiceLifecycle
import Synchronization

/// `meterwatch demo`: the whole product on one machine. Simulated Modbus meters of a city hall
/// (a TCP gateway and, with socat, an RS-485 bus on a pseudo-terminal pair), two years of history,
/// then the collector, alert evaluation and the web server, live; and two other buildings, each an
/// edge with its own store forwarding to the city hall's server over loopback.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Meterwatch on an embedded, simulated city hall: Modbus meters, two years of history, alerts, dashboards.",
        discussion: """
            The data folder keeps the store, the generated site configuration (meterwatch.yaml, an example to copy),
            the fuel log, water bills and weather files, and demo.json (the dates the history is built around and the
            saving the lighting retrofit planted). Restarting on the same folder continues the same history.
            A leak starts in the annex restrooms a few minutes in (--scenario, --onset). Ctrl-C stops everything.
            """)

    @Option(help: "Folder for the demo's store, configuration and files.") var data: String = "demo-data"
    @Option(help: "HTTP port for the dashboards and the API (0 picks a free one).") var port: Int = 8080
    @Flag(
        help: "Seconds instead of minutes: poll every second, evaluate alerts every 2 s, the leak after 10 s (for tests and a quick look).")
    var fast = false
    @Option(help: "What goes wrong live: leak (annex restrooms), burst (main water), on-battery (UPS) or none.")
    var scenario: String = "leak"
    @Option(help: "Seconds after start when the scenario begins (default 180, or 10 with --fast).") var onset: Double?
    @Option(
        help: ArgumentHelp(
            "A PostgreSQL database for the central (postgres://user[:password]@host[:port]/database): the buildings' readings "
                + "are kept there, as storage.postgres does; default: the SQLite file."))
    var postgres: String?
    @Flag(name: .customLong("exit-when-ready"), help: "Stop once every device delivers live readings and the dashboard answers (for CI).")
    var exitWhenReady = false
    @Flag(
        help: ArgumentHelp(
            "HTTPS with a certificate of the demo's own CA (openssl), and sign-in with an OpenID Connect provider on loopback "
                + "(oidc-provider-mock: `make demo DEMO_ARGS=--secure` installs it), whose three people have three roles."))
    var secure = false
    @Option(help: "The oidc-provider-mock program for --secure (default: .venv-oidc/bin/oidc-provider-mock or MW_OIDC_MOCK).")
    var oidcMock: String?

    func run() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        let scenario: SimulationScenario
        switch self.scenario {
        case "none": scenario = .normal
        case "leak", "burst", "on-battery": scenario = SimulationScenario(rawValue: self.scenario)!
        default: throw ValidationError("--scenario expects leak, burst, on-battery or none")
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: data, withIntermediateDirectories: true)
        let dir = URL(fileURLWithPath: data).standardizedFileURL.path
        let calendar = try LocalCalendar(timeZone: "Asia/Taipei")
        let nowMs = { Int64(Date().timeIntervalSince1970 * 1000) }

        // The dates the history is built around stay with the folder.
        let factsPath = (dir as NSString).appendingPathComponent("demo.json")
        var anchor = CityHall.Anchor.forToday(calendar.civilDate(at: nowMs()))
        if let data = fm.contents(atPath: factsPath), let facts = try? JSONDecoder().decode(DemoFacts.self, from: data) {
            anchor = facts.anchor
        }
        let model = CityHall(anchor: anchor, calendar: calendar)

        // Links: a TCP gateway on a free loopback port; an RS-485 bus when socat can make one.
        let gatewayPort = freeLoopbackPort()
        let bus = try RS485Bus.open(in: dir)
        defer { bus?.close() }
        let httpPort = port == 0 ? freeLoopbackPort() : port
        let secureSetup = secure ? try DemoSecure.start(in: dir, port: httpPort, mock: oidcMock) : nil
        defer { secureSetup?.provider.stop() }
        let security = secureSetup?.security
        // The other buildings' edges: each its own folder, store and token (kept across restarts).
        var edgeTokens: [String: String] = [:]
        var edgeDirs: [String: String] = [:]
        for m in DemoSite.edgeMeters {
            let edgeDir = (dir as NSString).appendingPathComponent("edges/\(m.site)")
            try fm.createDirectory(atPath: edgeDir, withIntermediateDirectories: true)
            let tokenPath = (edgeDir as NSString).appendingPathComponent("forward.token")
            if !fm.fileExists(atPath: tokenPath) {
                let token = (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
                try (token + "\n").write(toFile: tokenPath, atomically: true, encoding: .utf8)
                try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: tokenPath)
            }
            let token = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            edgeTokens[m.site] = TokenRegistry.hex(TokenRegistry.digest(token))
            edgeDirs[m.site] = edgeDir
            try DemoSite.edgeYAML(m, gateway: "127.0.0.1:\(gatewayPort)", centralPort: httpPort, fast: fast, secure: security).write(
                toFile: (edgeDir as NSString).appendingPathComponent("meterwatch.yaml"), atomically: true, encoding: .utf8)
        }
        let configPath = (dir as NSString).appendingPathComponent("meterwatch.yaml")
        let yaml = DemoSite.configYAML(
            gateway: "127.0.0.1:\(gatewayPort)", rs485: bus?.collectorSide, port: httpPort, fast: fast, edgeTokens: edgeTokens,
            postgres: postgres, secure: security, contracts: DemoContracts.choose(model: model, today: calendar.civilDate(at: nowMs())),
            openDataFrom: model.anchor.retrofit)
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
        let config = try SiteConfig.load(path: configPath)
        print("site configuration (\(configPath)):\n")
        print(yaml)

        // History.
        var profiles: [String: DeviceProfile] = [:]
        for m in DemoSite.meters where profiles[m.profile] == nil {
            profiles[m.profile] = try ProfileLocator.load(m.profile, config: config)
        }
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        let backfill = CityHallBackfill(model: model, config: config, store: store, profiles: profiles, directory: dir)
        let backfillStart = clock.now
        var summary = try backfill.run(until: nowMs())
        var edges: [(meter: DemoMeter, config: SiteConfig, store: MeterStore)] = []
        for m in DemoSite.edgeMeters {
            let edgeDir = edgeDirs[m.site]!
            let edgeConfig = try SiteConfig.load(path: (edgeDir as NSString).appendingPathComponent("meterwatch.yaml"))
            let edgeStore = try MeterStore(path: edgeConfig.storage.path, calendar: calendar)
            let history = CityHallBackfill(model: model, config: edgeConfig, store: edgeStore, profiles: profiles, directory: edgeDir)
            summary.report += try history.run(until: nowMs(), meters: [m], files: false).report
            edges.append((m, edgeConfig, edgeStore))
        }
        let facts = backfill.facts(now: nowMs())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(facts).write(to: URL(fileURLWithPath: factsPath))
        print(
            "history from \(anchor.start): \(summary.report.inserted) readings written, \(summary.report.unchanged) already stored, "
                + "\(summary.fuelRows) fuel-log rows, \(summary.billRows) water bills (\(Self.seconds(clock.now - backfillStart)) s)")
        print(
            "planted: LED lighting from \(anchor.retrofit) saves \(DisplayFormat.number(facts.lightingSavingKWh, decimals: 0)) kWh over "
                + "\(facts.reportingPeriod) (demo.json)"
        )
        fflush(nil)

        // Live: the simulator serves the model; counters continue from the stored history.
        let start = nowMs()
        let onsetMs = Int64((onset ?? (fast ? 10 : 180)) * 1000)
        var gatewaySpecs: [SimulatedDeviceSpec] = []
        var busSpecs: [SimulatedDeviceSpec] = []
        for m in DemoSite.meters {
            var last: (ms: Int64, value: Double)?
            let q = m.counter?.quantity ?? (m.source == .ups ? Quantity.energyImport : nil)
            let kept = edges.first { $0.meter.id == m.id }?.store ?? store
            if let q, let info = try kept.series(SeriesKey(meter: m.id, quantity: q)), let s = try kept.latestSample(series: info.id) {
                last = (s.ms, s.value)
            }
            let behaviour = CityHallDevice(model: model, meter: m, counterAt: last, scenario: scenario, onsetMs: onsetMs, nowMs: start)
            let onBus = m.bus == .rs485 && bus != nil
            let spec = SimulatedDeviceSpec(
                unit: m.bus == .rs485 && bus == nil ? m.unit + 100 : m.unit, profile: profiles[m.profile]!, behaviour: behaviour)
            if onBus { busSpecs.append(spec) } else { gatewaySpecs.append(spec) }
        }
        let gateway = ModbusSimulator(endpoint: .tcp(host: "127.0.0.1", port: gatewayPort))
        try gateway.start(gatewaySpecs)
        defer { gateway.stop() }
        var rtu: ModbusSimulator?
        if let bus, !busSpecs.isEmpty {
            let s = ModbusSimulator(endpoint: .rtu(device: bus.simulatorSide, baud: 19200, parity: "N", dataBits: 8, stopBits: 1))
            try s.start(busSpecs)
            rtu = s
        }
        defer { rtu?.stop() }
        print(
            "simulating \(gatewaySpecs.count) meters on Modbus TCP 127.0.0.1:\(gatewayPort)"
                + (bus.map { ", \(busSpecs.count) on RS-485 \($0.collectorSide) (19200 8N1)" } ?? " (socat not found: no RS-485 bus)"))
        if scenario != .normal { print("scenario: \(scenario.rawValue) \(onsetMs / 1000) s after start") }

        // Collector, alerts and the web server; readiness once every device has delivered.
        let bound = Atomic<Int>(0)
        // Each edge collects its meter into its own store and forwards, once the central listens.
        var edgeServices: [any Service] = []
        for edge in edges {
            let devices = try Collector.devices(of: edge.config) { try ProfileLocator.load($0, config: edge.config) }
            let collector = Collector(
                devices: devices, links: edge.config.links, store: edge.store, logger: Logger(label: "meterwatch.edge.\(edge.meter.site)"),
                limits: edge.config.plausibility.limits(calendar))
            edgeServices.append(TaskService(name: "edge-collector") { try await collector.run() })
            let forwarder = Forwarder(
                config: edge.config.forward!, store: edge.store, logger: Logger(label: "meterwatch.edge.\(edge.meter.site)"),
                clock: SystemClock())
            edgeServices.append(
                TaskService(name: "edge-forwarder") {
                    while bound.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(50)) }
                    await forwarder.run()
                })
        }
        let served = try ServedServices(
            config: config, store: store, host: "127.0.0.1", port: httpPort, collect: true, insecure: false, extra: edgeServices
        ) { p in
            bound.store(p, ordering: .relaxed)
        }
        print(
            "edges: \(edges.map { "\($0.meter.site) (\($0.meter.id))" }.joined(separator: ", ")) collect into their own stores "
                + "(\(dir)/edges/) and forward to this server")
        let group = served.group
        let meterIDs = DemoSite.meters.map(\.id)
        let exitWhenReady = self.exitWhenReady
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                // The city hall's meters reach its SQLite file first; the annexes' arrive at the central.
                guard bound.load(ordering: .relaxed) > 0,
                    let live = try? Self.liveMeters(stores: [store, served.central], meters: meterIDs, since: start),
                    live.count == meterIDs.count
                else { continue }
                let url = "\(security == nil ? "http" : "https")://127.0.0.1:\(bound.load(ordering: .relaxed))/"
                print(
                    "ready in \(Self.seconds(clock.now - started)) s: all \(live.count) meters delivering live over Modbus; memory "
                        + "\(ResidentMemory.megabytes()) MB resident"
                )
                // A page's language follows the browser's Accept-Language; these links choose one.
                print("dashboard: \(url)   (繁體中文: \(url)?lang=zh-TW · English: \(url)?lang=en)")
                print("try: meterwatch compare --config \(configPath) --meter lighting --period \(facts.reportingPeriod)")
                print(
                    "     meterwatch savings --config \(configPath) --meter lighting --baseline \(facts.baselinePeriod) --reporting "
                        + "\(facts.reportingPeriod)"
                )
                print("     \(url)compare?period=\(facts.reportingPeriod)&against=\(facts.baselinePeriod)   (weather-normalised savings)")
                print("     meterwatch alerts list --config \(configPath) --lang zh-TW")
                if let central = served.central as? PostgresStore {
                    print(
                        "central: \(central.address); the city hall's history goes on into it in the background "
                            + "(meterwatch forward status --config \(configPath))")
                }
                if let security {
                    print("sign in at \(url) with the city's account (the demo's provider at \(security.issuer)); its people:")
                    for p in DemoSecurity.people {
                        print("     \(p.sub) (\(p.name)): \(p.role)\(p.site.map { ", the \($0) alone" } ?? "")")
                    }
                    print(
                        "the certificate is the demo's own CA's (\(security.caFile)): trust it in the browser, or accept the warning; "
                            + "curl --cacert \(security.caFile) \(url)healthz")
                }
                print("press Ctrl-C to stop")
                fflush(nil)
                if exitWhenReady { await group.triggerGracefulShutdown() }
                return
            }
        }
        try await group.run()
        watcher.cancel()
        served.printStopped()
        print("memory: peak \(ResidentMemory.megabytes(peak: true)) MB resident")
    }

    /// Meters with a reading stored at or after `since`.
    static func liveMeters(stores: [any ReadingStore], meters: [String], since: Int64) throws -> Set<String> {
        var live: Set<String> = []
        for store in stores {
            for s in try store.allSeries() where meters.contains(s.key.meter) && !live.contains(s.key.meter) {
                if let last = try store.latestSample(series: s.id), last.ms >= since { live.insert(s.key.meter) }
            }
        }
        return live
    }

    private static func seconds(_ d: Duration) -> String {
        let c = d.components
        return DisplayFormat.number(Double(c.seconds) + Double(c.attoseconds) / 1e18, decimals: 1)
    }
}
