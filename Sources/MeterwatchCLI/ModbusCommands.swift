import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchCollector
import MeterwatchStore

/// Finds a profile by file path or by id in the profile folders.
enum ProfileLocator {
    /// Folders searched for profile ids, first match wins.
    static func searchDirectories(config: SiteConfig? = nil) -> [String] {
        var dirs: [String] = []
        if let c = config { dirs.append(c.profilesDirectory) }
        if let env = ProcessInfo.processInfo.environment["MW_DEVICES"] { dirs.append(env) }
        dirs.append("Devices")
        // A build tree: <repo>/.build/<config>/meterwatch → <repo>/Devices.
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        dirs.append(exe.deletingLastPathComponent().appendingPathComponent("../../../Devices").standardized.path)
        dirs.append(exe.deletingLastPathComponent().appendingPathComponent("../../Devices").standardized.path)
        return dirs
    }

    /// How often each series of the site's devices is polled (for the `stale` alert rule); empty
    /// when the profiles cannot be read.
    static func pollIntervals(_ config: SiteConfig) -> [SeriesKey: Int64] {
        guard let devices = try? Collector.devices(of: config, loadProfile: { try load($0, config: config) }) else { return [:] }
        return CollectorDevice.pollIntervals(devices)
    }

    static func load(_ reference: String, config: SiteConfig? = nil) throws -> DeviceProfile {
        var isDir: ObjCBool = false
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/") {
            var path = reference
            if let c = config, !path.hasPrefix("/"), !FileManager.default.fileExists(atPath: path) {
                let dir = (c.file as NSString).deletingLastPathComponent
                path = (dir as NSString).appendingPathComponent(reference)
            }
            return try DeviceProfile.load(path: path)
        }
        for dir in searchDirectories(config: config) where FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) && isDir.boolValue {
            for ext in ["yaml", "yml"] {
                let path = (dir as NSString).appendingPathComponent("\(reference).\(ext)")
                if FileManager.default.fileExists(atPath: path) { return try DeviceProfile.load(path: path) }
            }
            // Ids need not match file names.
            if let lib = try? ProfileLibrary.load(directory: dir), let p = lib[reference] { return p }
        }
        throw CLIError("no device profile '\(reference)' (searched \(searchDirectories(config: config).joined(separator: ", ")); give a file path or set MW_DEVICES)")
    }
}

/// Link options shared by `read` and `simulate`.
struct LinkOptions: ParsableArguments {
    @Option(name: .long, help: "Modbus TCP endpoint HOST:PORT.")
    var tcp: String?
    @Option(name: .long, help: "Modbus RTU serial device (e.g. /dev/ttyUSB0 or a pseudo-terminal).")
    var rtu: String?
    @Option(name: .long, help: "RTU baud rate.")
    var baud: Int = 9600
    @Option(name: .long, help: "RTU parity: N, E or O.")
    var parity: String = "N"
    @Option(name: .customLong("stop-bits"), help: "RTU stop bits: 1 or 2.")
    var stopBits: Int = 1

    func endpoint() throws -> LinkEndpoint {
        switch (tcp, rtu) {
        case (let t?, nil):
            guard let e = LinkEndpoint.parseTCP(t) else { throw ValidationError("--tcp expects HOST:PORT, got '\(t)'") }
            return e
        case (nil, let d?):
            guard LinkEndpoint.baudRates.contains(baud) else { throw ValidationError("--baud \(baud) is not a standard rate") }
            guard ["N", "E", "O"].contains(parity.uppercased()), let p = parity.uppercased().first else { throw ValidationError("--parity expects N, E or O") }
            guard stopBits == 1 || stopBits == 2 else { throw ValidationError("--stop-bits expects 1 or 2") }
            return .rtu(device: d, baud: baud, parity: p, dataBits: 8, stopBits: stopBits)
        default:
            throw ValidationError("give exactly one of --tcp HOST:PORT or --rtu DEVICE")
        }
    }
}

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read every point of a device once and print the decoded values.",
        discussion: "Only Modbus function codes 1–4 are sent. A missing value is shown with its reason.")

    @Option(name: .long, help: "Device profile: a file (Devices/eastron-sdm630.yaml) or a profile id.")
    var profile: String
    @OptionGroup var link: LinkOptions
    @Option(name: .long, help: "Unit id (default: the profile's unit_id_default).")
    var unit: Int?
    @Option(name: .long, help: "Response timeout in milliseconds (default: the profile's).")
    var timeout: Int?
    @Option(name: .long, help: "table or json.")
    var format: OutputFormat = .table

    struct Output: Encodable {
        struct Point: Encodable {
            var id: String
            var quantity: String?
            var value: Double?
            var text: String?
            var unit: String
            var reason: String?
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(id, forKey: .id)
                try c.encode(quantity, forKey: .quantity)
                try c.encode(value, forKey: .value)
                try c.encodeIfPresent(text, forKey: .text)
                try c.encode(unit, forKey: .unit)
                try c.encodeIfPresent(reason, forKey: .reason)
            }
            enum CodingKeys: String, CodingKey { case id, quantity, value, text, unit, reason }
        }
        var profile: String
        var unit: Int
        var requests: Int
        var points: [Point]
    }

    func run() throws {
        let profile = try ProfileLocator.load(self.profile)
        let endpoint = try link.endpoint()
        let unit = self.unit ?? profile.defaultUnit
        guard SiteConfig.isReadableUnit(unit, on: endpoint) else {
            throw ValidationError("--unit must be 1…247\(endpoint.isSerial ? "" : ", or 255") (0 is broadcast; 248–254 are reserved)")
        }
        let client = try ModbusClient(endpoint: endpoint)
        client.setTimeout(ms: timeout ?? profile.responseTimeoutMs)
        let session = DeviceSession(profile: profile, unit: unit)
        let poll = session.poll(client)
        client.close()
        if let failure = poll.failure {
            throw CLIError("\(profile.id) unit \(unit) at \(endpoint): \(failure)")
        }
        let out = Output(profile: profile.id, unit: unit, requests: poll.requests, points: poll.readings.map {
            Output.Point(id: $0.id, quantity: $0.quantity?.name, value: $0.value, text: $0.text, unit: $0.unit, reason: $0.reason)
        })
        switch format {
        case .json: print(try out.jsonString())
        case .table, .csv:
            let rows = out.points.map { p -> [String] in
                let value = p.value.map { DisplayFormat.number($0, decimals: abs($0) >= 1000 ? 1 : 3) } ?? ""
                return [p.id, p.quantity ?? "", p.text.map { value.isEmpty ? $0 : "\(value) (\($0))" } ?? value, p.unit, p.reason ?? ""]
            }
            print("\(profile.id) (\(profile.vendor) \(profile.model)) unit \(unit) at \(endpoint): \(poll.requests) requests")
            print(renderTable(["point", "quantity", "value", "unit", "missing because"], rows, rightAligned: [2]))
            for l in poll.learned { FileHandle.standardError.write(Data("note: \(l)\n".utf8)) }
        }
    }
}

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve simulated devices from their profiles over Modbus TCP or RTU.",
        discussion: """
            Each --device is UNIT=PROFILE[:SCENARIO]. Scenarios: \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")).
            Values are plausible and self-consistent: energy totals integrate power along a daily load curve,
            water flow has a night baseline, the UPS and the storage system behave like one.
            Example: meterwatch simulate --tcp 127.0.0.1:1502 --device 1=eastron-sdm630 --device 2=siemens-sitrans-mag:leak
            """)

    @OptionGroup var link: LinkOptions
    @Option(name: .customLong("device"), help: "UNIT=PROFILE[:SCENARIO], repeatable.")
    var devices: [String]
    @Option(help: "Seconds after start when scenarios begin (default: burst 60, others at once).")
    var onset: Double?

    func run() throws {
        let endpoint = try link.endpoint()
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var simulated: [SimulatedDevice] = []
        for spec in devices {
            guard let eq = spec.firstIndex(of: "="), let unit = Int(spec[..<eq]), (1...247).contains(unit) else {
                throw ValidationError("--device expects UNIT=PROFILE[:SCENARIO] with a unit id 1…247, got '\(spec)'")
            }
            var rest = String(spec[spec.index(after: eq)...])
            var scenario = SimulationScenario.normal
            if let colon = rest.lastIndex(of: ":"), let s = SimulationScenario(rawValue: String(rest[rest.index(after: colon)...])) {
                scenario = s
                rest = String(rest[..<colon])
            } else if let colon = rest.lastIndex(of: ":"), !rest[rest.index(after: colon)...].contains("/") {
                throw ValidationError("unknown scenario '\(rest[rest.index(after: colon)...])' (expected \(SimulationScenario.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard !simulated.contains(where: { $0.unit == unit }) else { throw ValidationError("unit \(unit) is given twice") }
            simulated.append(SimulatedDevice(unit: unit, profile: try ProfileLocator.load(rest), scenario: scenario, nowMs: now,
                                             onsetMs: onset.map { Int64($0 * 1000) }))
        }
        guard !simulated.isEmpty else { throw ValidationError("give at least one --device") }
        let simulator = ModbusSimulator(endpoint: endpoint)
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { simulator.stop() }
        defer { withExtendedLifetime(signals) {} }
        try simulator.run(devices: simulated) {
            let list = simulated.map { "\($0.unit)=\($0.profile.id)\($0.scenario == .normal ? "" : ":\($0.scenario.rawValue)")" }
            print("simulating \(simulated.count) device(s) on \(endpoint): \(list.joined(separator: ", "))")
            fflush(nil)
        }
        print("simulator stopped after \(simulator.requestsAnswered) answers")
    }
}

/// Runs `handler` on SIGINT/SIGTERM instead of dying, so commands can stop cleanly.
final class SignalWatcher: Sendable {
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []
    init(signals: [Int32], handler: @escaping @Sendable () -> Void) {
        for s in signals {
            signal(s, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: s, queue: .global())
            src.setEventHandler(handler: handler)
            src.resume()
            sources.append(src)
        }
    }
}
