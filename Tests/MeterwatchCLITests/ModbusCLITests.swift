import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

/// A long-running `meterwatch` (simulate, collect) in the background.
final class BackgroundCommand: BackgroundProcess {
    init(_ harness: CLIHarness, _ args: [String], environment: [String: String] = [:]) throws {
        super.init()
        process.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        process.arguments = args
        process.currentDirectoryURL = URL(fileURLWithPath: harness.dir)
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        try launch()
    }
}

/// Any other program in the background (the pymodbus peer).
final class BackgroundCommandRaw: BackgroundProcess {
    init(_ executable: String, _ args: [String]) throws {
        super.init()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = args
        try launch()
    }
}

class BackgroundProcess {
    let process = Process()
    let out = Pipe()
    var seen = ""
    init() {}
    func launch() throws {
        process.standardOutput = out
        process.standardError = out
        try process.run()
    }
    func waitFor(_ marker: String, seconds: Double = 20) throws {
        let fd = out.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, !seen.contains(marker) {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            seen += String(decoding: buf[0..<n], as: UTF8.self)
        }
        guard seen.contains(marker) else {
            throw NSError(domain: "cli", code: 1, userInfo: [NSLocalizedDescriptionKey: "no '\(marker)' in: \(seen)"])
        }
    }
    /// Sends `signal` and waits (bounded) for the exit; returns the status.
    func stop(_ signal: Int32 = SIGTERM, seconds: Double = 15) throws -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(seconds)
        // Keep reading its output: a child blocked writing to a full pipe (64 KB of logs nobody
        // read) cannot finish its shutdown.
        let fd = out.fileHandleForReading.fileDescriptor
        while process.isRunning && Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 50) > 0 else { continue }
            var buf = [UInt8](repeating: 0, count: 65_536)
            let n = read(fd, &buf, buf.count)
            if n > 0 { seen += String(decoding: buf[0..<n], as: UTF8.self) } else { usleep(50_000) }
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            let args = process.arguments?.joined(separator: " ") ?? ""
            throw NSError(
                domain: "cli", code: 2,
                userInfo: [NSLocalizedDescriptionKey: "'\(args)' did not stop on signal \(signal); last output: \(seen.suffix(2000))"])
        }
        try? waitFor("\u{0}", seconds: 0.3)  // drain what is left
        return process.terminationStatus
    }
    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

let repoDevices = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Devices").standardized.path

@Suite(.serialized) struct ModbusCLITests {
    @Test func readSimulateCollectDevices() throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let sim = try BackgroundCommand(
            cli,
            [
                "simulate", "--tcp", "127.0.0.1:\(port)", "--device", "1=\(repoDevices)/eastron-sdm630.yaml",
                "--device", "2=siemens-sitrans-mag:leak", "--device", "126=sunspec", "--device", "9=eastron-sdm120:dead",
            ])
        try sim.waitFor("simulating 4 device(s)")

        // One-shot read, JSON shape of the issue.
        let json =
            try cli.json([
                "read", "--profile", "\(repoDevices)/eastron-sdm630.yaml", "--tcp", "127.0.0.1:\(port)", "--unit", "1", "--format", "json",
            ]) as! [String: Any]
        #expect(json["profile"] as? String == "eastron-sdm630")
        #expect(json["unit"] as? Int == 1)
        #expect(json["requests"] as? Int == 3)
        let points = json["points"] as! [[String: Any]]
        #expect(points.count == 22)
        let power = points.first { $0["id"] as? String == "power_total" }
        #expect(power?["quantity"] as? String == "power_active")
        #expect(power?["unit"] as? String == "W")
        #expect((power?["value"] as? Double ?? 0) > 0)
        // Profile by id; SunSpec discovered through the gateway; the leak keeps night flow above zero.
        let ess =
            try cli.json(["read", "--profile", "sunspec", "--tcp", "127.0.0.1:\(port)", "--unit", "126", "--format", "json"])
            as! [String: Any]
        #expect(
            (ess["points"] as! [[String: Any]]).contains { $0["id"] as? String == "manufacturer" && $0["text"] as? String == "Meterwatch" })
        let water =
            try cli.json(["read", "--profile", "siemens-sitrans-mag", "--tcp", "127.0.0.1:\(port)", "--unit", "2", "--format", "json"])
            as! [String: Any]
        let flow = (water["points"] as! [[String: Any]]).first { $0["quantity"] as? String == "flow_rate" }?["value"] as? Double
        #expect((flow ?? 0) >= 0.45)
        withExtendedLifetime(sim) {}
        // Errors name the device and the problem; bad profiles name file and line.
        let dead = try cli.run(["read", "--profile", "eastron-sdm120", "--tcp", "127.0.0.1:\(port)", "--unit", "9", "--timeout", "300"])
        #expect(dead.status != 0)
        #expect(dead.stderr.contains("eastron-sdm120 unit 9") && dead.stderr.contains("no answer"))
        try cli.write("bad.yaml", "id: bad\ncategory: electricity\nsources: [x]\npoints:\n  - { id: a, address: 0, type: float31 }\n")
        let bad = try cli.run(["read", "--profile", "bad.yaml", "--tcp", "127.0.0.1:\(port)"])
        #expect(bad.status != 0 && bad.stderr.contains("bad.yaml:5:") && bad.stderr.contains("float31"))
        let noLink = try cli.run(["read", "--profile", "sunspec"])
        #expect(noLink.status != 0 && noLink.stderr.contains("--tcp"))

        // Collect into a store, stop with SIGTERM, then look at device health.
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            storage: { path: site.sqlite }
            profiles: \(repoDevices)
            links:
              - { id: gateway, tcp: "127.0.0.1:\(port)" }
            meters:
              - { id: main, category: electricity,
                  device: { profile: eastron-sdm630, link: gateway, unit: 1, poll: { fast: 500ms, slow: 1s } } }
              - { id: water, category: water,
                  device: { profile: siemens-sitrans-mag, link: gateway, unit: 2, poll: { fast: 500ms, slow: 1s } } }
              - { id: spare, category: electricity, device: { profile: eastron-sdm120, link: gateway, unit: 9, timeout: 200ms } }
            """)
        let collect = try BackgroundCommand(cli, ["collect", "--flush-interval", "300"])
        try collect.waitFor("collecting 3 device(s)")
        Thread.sleep(forTimeInterval: 3)
        #expect(try collect.stop(SIGTERM) == 0)
        #expect(collect.seen.contains("stopped:"))
        let devices = try cli.json(["devices", "--format", "json"]) as! [[String: Any]]
        let state = Dictionary(devices.map { ($0["meter"] as! String, $0["state"] as! String) }, uniquingKeysWith: { a, _ in a })
        #expect(state == ["main": "ok", "water": "ok", "spare": "degraded"] || state == ["main": "ok", "water": "ok", "spare": "offline"])
        let stats = try cli.json(["db", "stats", "--format", "json"])
        let text = String(describing: stats)
        #expect(text.contains("flow_rate") && text.contains("energy_import"))
        #expect(try sim.stop(SIGINT) == 0)
        #expect(sim.seen.contains("simulator stopped"))
    }

    /// A UPS whose charge register answers garbage (128 %): that value alone is refused, logged
    /// with the device and register and counted in `devices`; the rest of every poll is stored.
    @Test func aRegisterAnsweringGarbageIsRefusedAlone() throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let sim = try BackgroundCommand(cli, ["simulate", "--tcp", "127.0.0.1:\(port)", "--device", "12=apc-smart-ups:implausible"])
        try sim.waitFor("simulating 1 device(s)")
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            storage: { path: site.sqlite }
            profiles: \(repoDevices)
            links:
              - { id: bus, tcp: "127.0.0.1:\(port)" }
            meters:
              - { id: ups-b1, category: ups, device: { profile: apc-smart-ups, link: bus, unit: 12, poll: { fast: 300ms, slow: 300ms } } }
            """)
        let collect = try cli.run(["collect", "--duration", "2", "--flush-interval", "200"])
        #expect(collect.status == 0, "\(collect.stderr)")
        let log = collect.stdout + collect.stderr
        #expect(
            log.contains(
                "ups-b1 (apc-smart-ups unit 12 on bus): point charge (holding register 130): 127.998046875 is outside the plausible range "
                    + "of battery_charge"
            ), "\(log)")
        let devices = try #require(try cli.json(["devices", "--format", "json"]) as? [[String: Any]])
        #expect((devices.first?["rejected_values"] as? Int ?? 0) >= 3)
        let stats = try #require(try cli.json(["db", "stats", "--format", "json"]) as? [String: Any])
        let series = (stats["series"] as? [[String: Any]] ?? []).map { $0["quantity"] as? String ?? "" }
        #expect(series.contains("ups_status") && series.contains("battery_runtime") && !series.contains("battery_charge"))
        withExtendedLifetime(sim) {}
    }

    /// `meterwatch read` decodes every shipped profile from the simulator, and from pymodbus.
    @Test func readDecodesEveryShippedProfile() throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let shipped = [
            "eastron-sdm630", "eastron-sdm120", "schneider-iem3x55", "carlo-gavazzi-em24",
            "siemens-sitrans-mag", "xylem-magflux", "apc-smart-ups", "sunspec",
        ]
        let units = [1, 2, 3, 4, 5, 6, 7, 126]
        let sim = try BackgroundCommand(
            cli, ["simulate", "--tcp", "127.0.0.1:\(port)"] + zip(units, shipped).flatMap { ["--device", "\($0)=\($1)"] })
        try sim.waitFor("simulating 8 device(s)")
        for (unit, id) in zip(units, shipped) {
            let out =
                try cli.json(["read", "--profile", id, "--tcp", "127.0.0.1:\(port)", "--unit", String(unit), "--format", "json"])
                as! [String: Any]
            let points = out["points"] as! [[String: Any]]
            #expect(!points.isEmpty)
            for p in points where !(p["quantity"] is NSNull) {
                #expect(p["value"] is Double, "\(id).\(p["id"] ?? "?"): \(p["reason"] ?? "")")
            }
        }
        withExtendedLifetime(sim) {}
        // pymodbus, a third-party peer, serving SDM630 and SITRANS registers at unit 1.
        let python = ProcessInfo.processInfo.environment["MW_PYTHON"] ?? (repoDevices + "/../.venv-peers/bin/python3")
        let peerPort = freeLoopbackPort()
        let peer = try BackgroundCommandRaw(
            python, [repoDevices + "/../Tests/Peers/pymodbus_peer.py", "tcp", "127.0.0.1", String(peerPort)])
        try peer.waitFor("ready")
        let sdm =
            try cli.json(["read", "--profile", "eastron-sdm630", "--tcp", "127.0.0.1:\(peerPort)", "--unit", "1", "--format", "json"])
            as! [String: Any]
        let v = (sdm["points"] as! [[String: Any]]).first { $0["id"] as? String == "voltage_l1" }?["value"] as? Double
        // (JSONSerialization on Linux parses the last digits loosely; the CLI prints them exactly.)
        #expect(abs((v ?? 0) - Double(Float(230.1))) < 1e-9)
        let mag =
            try cli.json(["read", "--profile", "siemens-sitrans-mag", "--tcp", "127.0.0.1:\(peerPort)", "--unit", "1", "--format", "json"])
            as! [String: Any]
        let total = (mag["points"] as! [[String: Any]]).first { $0["id"] as? String == "totalizer_1" }?["value"] as? Double
        #expect(abs((total ?? 0) - 98765.4321) < 1e-9)
    }

    @Test func configErrorsForLinksAndDevices() throws {
        let cli = try CLIHarness()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            links:
              - { id: bus, rtu: /dev/ttyUSB0, baud: 9601 }
            meters: []
            """)
        let r = try cli.run(["collect"])
        #expect(r.status != 0 && r.stderr.contains("meterwatch.yaml:3:") && r.stderr.contains("baud rate 9601"))
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            links:
              - { id: gw, tcp: "10.0.0.5:502" }
            meters:
              - { id: m, category: electricity, device: { profile: eastron-sdm630, link: gateway } }
            """)
        let r2 = try cli.run(["collect"])
        #expect(r2.status != 0 && r2.stderr.contains("link 'gateway' is not defined"))
    }
}
