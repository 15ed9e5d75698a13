import Foundation
import Logging
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore

/// Issue 3: poll 50 simulated devices of 40 points each on loopback, merged reads against one
/// request per point in the same run, and the collector's peak memory.
enum ModbusBench {
    /// 40 float32 points in five groups of eight, separated by small unused gaps (like a real map).
    static func profile() throws -> DeviceProfile {
        var lines = [
            "id: bench-40", "category: electricity", "sources: [benchmark]",
            "protocol: { table: input, max_registers_per_read: 125, max_gap: 8 }", "points:",
        ]
        for i in 0..<40 {
            let address = i * 2 + (i / 8) * 6
            let q = i == 0 ? ", quantity: power_active, unit: W" : (i == 1 ? ", quantity: energy_import, unit: kWh, poll: fast" : "")
            lines.append("  - { id: p\(i), address: \(address), type: float32, example: \(i)\(q) }")
        }
        return try DeviceProfile.parse(yaml: lines.joined(separator: "\n"), file: "bench-40.yaml")
    }

    static func vmKB(_ field: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
        }
        return 0
    }

    static func run(workDir: String, full: Bool) throws {
        let profile = try profile()
        let gateways = 5
        let perGateway = 10
        var sims: [ModbusSimulator] = []
        var endpoints: [LinkEndpoint] = []
        for g in 0..<gateways {
            let port = 25_000 + Int(getpid() % 1000) * 5 + g
            let e = LinkEndpoint.tcp(host: "127.0.0.1", port: port)
            let sim = ModbusSimulator(endpoint: e)
            try sim.start((1...perGateway).map { SimulatedDeviceSpec(unit: $0, profile: profile) })
            sims.append(sim)
            endpoints.append(e)
        }
        defer { for s in sims { s.stop() } }
        let cycles = full ? 50 : 20

        /// Polls every device once per cycle, one thread per gateway; returns cycle times and requests per cycle.
        func measure(merge: Bool) -> (times: [Double], requests: Int) {
            var times: [Double] = []
            var requests = 0
            // Each gateway's client and sessions are touched by one thread only.
            struct PerLink: @unchecked Sendable {
                let client: ModbusClient
                let sessions: [DeviceSession]
            }
            let linksState = endpoints.map { e in
                PerLink(
                    client: try! ModbusClient(endpoint: e),
                    sessions: (1...perGateway).map { u in
                        let s = DeviceSession(profile: profile, unit: u)
                        s.mergeReads = merge
                        return s
                    })
            }
            for _ in 0..<cycles {
                struct Counts: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<Int> }
                let counts = Counts(buffer: .allocate(capacity: gateways))
                defer { counts.buffer.deallocate() }
                let t = DispatchTime.now().uptimeNanoseconds
                DispatchQueue.concurrentPerform(iterations: gateways) { g in
                    var n = 0
                    for s in linksState[g].sessions {
                        let p = s.poll(linksState[g].client, classes: [.fast, .slow])
                        precondition(p.failure == nil)
                        n += p.requests
                    }
                    counts.buffer[g] = n
                }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
                requests = counts.buffer.reduce(0, +)
            }
            return (times, requests)
        }
        _ = measure(merge: true)  // warm up connections and plans
        let merged = measure(merge: true)
        let single = measure(merge: false)
        func med(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        print(
            "\n== Modbus collection (issue 3): \(gateways * perGateway) devices × \(profile.points.count) points, \(gateways) gateways on "
                + "loopback, \(cycles) cycles =="
        )
        print("merged reads:        \(merged.requests) requests/cycle, cycle median \(String(format: "%.2f", med(merged.times))) ms")
        print("one read per point:  \(single.requests) requests/cycle, cycle median \(String(format: "%.2f", med(single.times))) ms")
        print(
            "ratio (one-per-point / merged): requests \(String(format: "%.1f", Double(single.requests) / Double(merged.requests)))×, "
                + "cycle time \(String(format: "%.1f", med(single.times) / med(merged.times)))×"
        )

        // The collector itself, polling all 50 devices every second into a store.
        let rssBefore = vmKB("VmRSS")
        let dir = workDir + "/collector"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try MeterStore(path: dir + "/bench.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
        var devices: [CollectorDevice] = []
        var links: [LinkConfig] = []
        for (g, e) in endpoints.enumerated() {
            links.append(LinkConfig(id: "gw\(g)", endpoint: e, silentGapMs: 0))
            for u in 1...perGateway {
                let meter = MeterConfig(
                    id: "m\(g)-\(u)", name: LocalizedName(en: "m"), category: .electricity, unit: "kWh", tags: [],
                    counterRules: CounterRules())
                devices.append(
                    CollectorDevice(
                        meter: meter,
                        binding: DeviceBinding(
                            profile: profile.id, link: "gw\(g)", unit: u, fastPollMs: 1000, slowPollMs: 5000, timeoutMs: 500),
                        profile: profile))
            }
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let collector = Collector(devices: devices, links: links, store: store, logger: logger, flushIntervalMs: 1000)
        let seconds = full ? 20 : 8
        let sem = DispatchSemaphore(value: 0)
        let task = Task {
            try await collector.run()
            sem.signal()
        }
        Thread.sleep(forTimeInterval: Double(seconds))
        task.cancel()
        sem.wait()
        let stats = collector.currentStats
        let hwm = vmKB("VmHWM")
        print(
            "collector: \(seconds) s, \(stats.samplesWritten) samples written, "
                + "\(collector.currentHealth.filter { $0.state == .ok }.count)/\(devices.count) devices ok"
        )
        print(
            "memory: RSS before collector \(rssBefore / 1024) MiB, process peak (VmHWM) \(hwm / 1024) MiB, collector's share ≤ "
                + "\((hwm - rssBefore) / 1024) MiB"
        )
    }
}
