import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDemo
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore
import Synchronization

/// `make soak DURATION=…`: `meterwatch serve` with simulated devices for a while, faults injected
/// all along, then an account of what was produced, stored, dropped, alerted and notified.
///
/// Faults: a dead, a garbage-answering and a connection-dropping device beside healthy ones; a
/// SIGKILL of `serve` every few minutes and a restart; the store locked by another process; the
/// webhook receiver down, then up; 32 parallel readers. The last third runs without kills, so that
/// one process' memory can be compared from its start to its end.
///
/// It serves HTTPS (a CA of its own) with `auth.mode: local`, as a city deployment would: half the
/// readers use a session signed in once at the start (kept in the store, so it outlives the kills),
/// half a read token. `--plain` runs it over HTTP with open reads instead.
final class SoakRun: @unchecked Sendable {
    struct Options {
        var durationSeconds: Double = 1800
        var binary = ".build/debug/meterwatch"
        var workdir = NSTemporaryDirectory() + "meterwatch-soak-\(getpid())"
        var report: String?
        var readers = 32
        var plain = false
        var repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path

        /// Fault cadence, shortened for short runs (the CI's two minutes).
        var killEverySeconds: Double { durationSeconds >= 900 ? 180 : max(20, durationSeconds / 5) }
        var lockEverySeconds: Double { durationSeconds >= 900 ? 240 : max(25, durationSeconds / 4) }
        var lockForSeconds: Double { durationSeconds >= 900 ? 15 : 12 }
        var receiverDownSeconds: Double { durationSeconds >= 900 ? 120 : 20 }
    }

    /// The healthy devices: unit id → meter.
    static let healthy: [Int: String] = [1: "main", 2: "water", 3: "ups", 4: "chiller"]

    let options: Options
    let polls = PollLog()
    let events = Mutex<[(atMs: Int64, what: String)]>([])
    let probeLatencies = Mutex<[Double]>([])
    let probeFailures = Atomic<Int>(0)
    let readerStatuses = Mutex<[Int: Int]>([:])
    /// 503s (heavy renders past `server.limits.renders`) that came without `Retry-After`, and pages
    /// answered 200 after waiting one out.
    let shedWithoutRetryAfter = Atomic<Int>(0)
    let shedThenAnswered = Atomic<Int>(0)
    let droppedByInstance = Mutex<[Int32: Double]>([:])
    let stopping = Atomic<Bool>(false)
    var serve: ServeProcess?
    let serveLock = NSLock()
    let httpPort = SoakRun.freePort()
    let receiverPort = SoakRun.freePort()
    var receiver: Process?
    /// Set before the readers start.
    var client: SoakClient!
    var sessionCookie: String?
    /// A read token the odd readers and the metrics watcher send (32 random bytes, as `token new` makes).
    let readerToken = "mw_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    static let account = "soak-admin"
    let password = "soak-" + UUID().uuidString

    init(options: Options) { self.options = options }

    func note(_ what: String) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        events.withLock { $0.append((now, what)) }
        print("[\(ISO8601DateFormatter().string(from: Date()))] \(what)")
        fflush(nil)
    }

    func run() throws -> Bool {
        try FileManager.default.createDirectory(atPath: options.workdir, withIntermediateDirectories: true)
        let started = Date()
        let end = started.addingTimeInterval(options.durationSeconds)
        let lastKill = started.addingTimeInterval(options.durationSeconds * 2 / 3)

        // Devices: healthy ones on a gateway; the failing ones on a second link.
        let healthyLink = SoakRun.freePort()
        let faultyLink = SoakRun.freePort()
        let profiles = ProfileCatalog(folders: [])
        func profile(_ id: String) throws -> DeviceProfile {
            guard let p = try profiles.profile(id) else { throw SoakError("no profile \(id)") }
            return p
        }
        let now = Int64(started.timeIntervalSince1970 * 1000)
        let gateway = ModbusSimulator(endpoint: .tcp(host: "127.0.0.1", port: healthyLink)) { [polls] unit, _ in polls.record(unit: unit) }
        try gateway.start([
            SimulatedDeviceSpec(unit: 1, profile: try profile("eastron-sdm630")),
            SimulatedDeviceSpec(unit: 2, profile: try profile("siemens-sitrans-mag"), behaviour: ToggledFlow(nowMs: now)),
            SimulatedDeviceSpec(unit: 3, profile: try profile("apc-smart-ups")),
            SimulatedDeviceSpec(unit: 4, profile: try profile("carlo-gavazzi-em24")),
        ])
        let faulty = ModbusSimulator(endpoint: .tcp(host: "127.0.0.1", port: faultyLink))
        try faulty.start([
            SimulatedDeviceSpec(unit: 5, profile: try profile("eastron-sdm120"), scenario: .dead),
            SimulatedDeviceSpec(unit: 6, profile: try profile("eastron-sdm630"), scenario: .garbage),
            SimulatedDeviceSpec(unit: 7, profile: try profile("eastron-sdm120"), scenario: .drop),
        ])
        defer {
            gateway.stop()
            faulty.stop()
        }
        let config = options.workdir + "/meterwatch.yaml"
        let tls = options.plain ? nil : try LoopbackCertificates.make(in: options.workdir + "/tls", authority: "Meterwatch soak CA")
        client = try SoakClient(base: "\(tls == nil ? "http" : "https")://127.0.0.1:\(httpPort)", caFile: tls?.caFile)
        defer { client.shutdown() }
        let serverYAML =
            tls.map {
                "server: { dashboards: \(options.repoRoot)/Dashboards, tls: { cert: \($0.certificate), key: \($0.key) } }\n"
                    + "auth: { mode: local, failed_logins: 100 }"
            } ?? "server: { dashboards: \(options.repoRoot)/Dashboards }"
        try """
        site: { name: { en: Soak Hall, zh-TW: 長時測試大樓 }, timezone: Asia/Taipei }
        storage: { path: store.sqlite }
        profiles: \(options.repoRoot)/Devices
        \(serverYAML)
        links:
          - { id: gateway, tcp: "127.0.0.1:\(healthyLink)" }
          - { id: faulty, tcp: "127.0.0.1:\(faultyLink)" }
        meters:
          - { id: main, category: electricity, tags: [main],
              device: { profile: eastron-sdm630, link: gateway, unit: 1, poll: { fast: 1s, slow: 10s } } }
          - { id: water, category: water, tags: [main],
              device: { profile: siemens-sitrans-mag, link: gateway, unit: 2, poll: { fast: 1s, slow: 10s } } }
          - { id: ups, category: ups, device: { profile: apc-smart-ups, link: gateway, unit: 3, poll: { fast: 1s, slow: 10s } } }
          - { id: chiller, category: electricity,
              device: { profile: carlo-gavazzi-em24, link: gateway, unit: 4, poll: { fast: 1s, slow: 10s } } }
          - { id: spare, category: electricity,
              device: { profile: eastron-sdm120, link: faulty, unit: 5, poll: { fast: 1s }, timeout: 200ms } }
          - { id: broken, category: electricity, device: { profile: eastron-sdm630, link: faulty, unit: 6, poll: { fast: 1s } } }
          - { id: flaky, category: electricity, device: { profile: eastron-sdm120, link: faulty, unit: 7, poll: { fast: 1s } } }
        alerts:
          evaluate_every: 2s
          webhooks:
            - { id: receiver, url: "http://127.0.0.1:\(receiverPort)/hook", secret: soak-secret, timeout: 5s, max_attempts: 20 }
          rules:
            - { id: burst, type: high_flow, meters: [water], threshold: 15, for: 4s, clear_for: 4s }
            - { id: offline, type: stale }
        """.write(toFile: config, atomically: true, encoding: .utf8)

        try startReceiver()
        if !options.plain { try addAccount(config: config) }
        try startServe(config: config)
        note("serving \(client.base) for \(Int(options.durationSeconds)) s; devices on ports \(healthyLink) and \(faultyLink)")
        if !options.plain {
            sessionCookie = try signIn()
            note("signed in as \(Self.account): a session for the even readers")
        }

        // Readers start once the collector wrote (before, a series may not exist yet: 404).
        let firstWrite = Date().addingTimeInterval(30)
        while Date() < firstWrite,
            client.get("/api/v1/meters/main/readings?from=2026-01-01&to=2027-01-01", headers: tokenHeader)?.status != 200
        {
            usleep(100_000)
        }
        let background = DispatchGroup()
        spawn(background) { self.probeHealthz() }
        spawn(background) { self.watchMetrics() }
        for i in 0..<options.readers { spawn(background) { self.read(reader: i) } }

        // The fault schedule.
        var nextKill = started.addingTimeInterval(options.killEverySeconds)
        var nextLock = started.addingTimeInterval(options.lockEverySeconds * 0.6)
        var receiverDown = started.addingTimeInterval(options.durationSeconds * 0.3)
        var receiverUp: Date?
        var rssStart: Double?
        var rssStartAt: Date?
        while Date() < end {
            usleep(100_000)
            let t = Date()
            if t >= nextKill && t < lastKill {
                try killAndRestart(config: config)
                nextKill = t.addingTimeInterval(options.killEverySeconds)
            }
            if t >= nextLock {
                let seconds = options.lockForSeconds
                spawn(background) { self.lockStore(seconds: seconds) }
                nextLock = t.addingTimeInterval(options.lockEverySeconds)
            }
            if t >= receiverDown, receiverUp == nil {
                receiver?.terminate()
                receiver?.waitUntilExit()
                note("webhook receiver down")
                receiverUp = t.addingTimeInterval(options.receiverDownSeconds)
            }
            if let up = receiverUp, t >= up {
                try startReceiver()
                note("webhook receiver up")
                receiverUp = nil
                receiverDown = .distantFuture
            }
            // Memory of the process that runs to the end: from 30 s after its start.
            if t >= lastKill, rssStart == nil, let s = serve, Date().timeIntervalSince(s.startedAt) >= 30 {
                rssStart = s.residentMiB
                rssStartAt = t
                note("memory at start of the last run: \(fmt(rssStart ?? 0)) MiB")
            }
        }
        if receiverUp != nil {
            try startReceiver()
            note("webhook receiver up")
        }
        let rssEnd = serve?.residentMiB
        stopping.store(true, ordering: .relaxed)
        background.wait()

        // Let the outbox drain (retries back off up to minutes), then stop gracefully.
        let drained = waitForOutbox(seconds: 900)
        serveLock.lock()
        let stoppedCleanly = serve?.stop() ?? false
        serveLock.unlock()
        receiver?.terminate()
        let report = try account(
            rssStart: rssStart, rssEnd: rssEnd, rssSeconds: rssStartAt.map { Date().timeIntervalSince($0) } ?? 0,
            drained: drained, stoppedCleanly: stoppedCleanly)
        print(report.text)
        if let path = options.report {
            try report.text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        return report.passed
    }

    // MARK: Processes

    func startServe(config: String) throws {
        let log = options.workdir + "/serve.log"
        let offset = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        let s = try ServeProcess(
            binary: options.binary, config: config, port: httpPort, logPath: log,
            environment: options.plain ? [:] : ["MW_API_TOKENS": "soak-reader:read+metrics:\(readerToken)"])
        try s.waitUntilServing(since: offset)
        serveLock.lock()
        serve = s
        serveLock.unlock()
    }

    func killAndRestart(config: String) throws {
        serveLock.lock()
        let old = serve
        serveLock.unlock()
        old?.kill(SIGKILL)
        old?.waitUntilGone()
        note("SIGKILL serve (pid \(old?.pid ?? 0))")
        try startServe(config: config)
        note("serve restarted (pid \(serve?.pid ?? 0))")
    }

    func startReceiver() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [
            "python3", options.repoRoot + "/Tests/Peers/webhook_receiver.py", options.workdir + "/webhooks.jsonl", "soak-secret",
            "--port", String(receiverPort),
        ]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        receiver = p
        // Listening once it answers.
        let probe = try SoakClient(base: "http://127.0.0.1:\(receiverPort)", caFile: nil)
        defer { probe.shutdown() }
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, probe.get("/", fresh: true) == nil { usleep(50_000) }
    }

    /// A local admin account, made by the CLI as staff would (`users add`, the password on standard input).
    func addAccount(config: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: options.binary)
        p.arguments = ["users", "add", Self.account, "--role", "admin", "--config", config]
        let input = Pipe()
        p.standardInput = input
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        input.fileHandleForWriting.write(Data((password + "\n").utf8))
        try input.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw SoakError("meterwatch users add failed (\(p.terminationStatus))") }
    }

    /// Signs in through the sign-in form as a browser does (its double-submit cookie, then the
    /// account and password) and returns the session cookie.
    func signIn() throws -> String {
        guard let page = client.get("/auth/login"), let login = SoakClient.cookie("__Host-meterwatch-login", in: page.headers) else {
            throw SoakError("no sign-in page")
        }
        guard
            let answer = client.postForm(
                "/auth/login", [("account", Self.account), ("password", password), ("csrf", login)],
                headers: [("Cookie", "__Host-meterwatch-login=\(login)")]),
            answer.status == 303, let session = SoakClient.cookie("__Host-meterwatch", in: answer.headers)
        else {
            throw SoakError("signing in as \(Self.account) failed")
        }
        return session
    }

    var tokenHeader: [(String, String)] { options.plain ? [] : [("Authorization", "Bearer \(readerToken)")] }

    /// Even readers send the session cookie, odd ones the token.
    func credentials(reader: Int) -> [(String, String)] {
        if reader % 2 == 0, let cookie = sessionCookie { return [("Cookie", "__Host-meterwatch=\(cookie)")] }
        return tokenHeader
    }

    /// Holds the store's write lock from another process (the sqlite3 shell) for `seconds`.
    func lockStore(seconds: Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = [options.workdir + "/store.sqlite"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = output
        guard (try? p.run()) != nil else { return }
        input.fileHandleForWriting.write(Data("PRAGMA busy_timeout = 30000;\nBEGIN EXCLUSIVE;\n.print locked\n".utf8))
        _ = output.fileHandleForReading.availableData
        note("store locked by another process for \(Int(seconds)) s")
        Thread.sleep(forTimeInterval: seconds)
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        p.waitUntilExit()
        note("store unlocked")
    }

    // MARK: Load and probes

    func spawn(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        group.enter()
        Thread {
            body()
            group.leave()
        }.start()
    }

    /// `/healthz` ten times a second; the latency of every answer, failures counted (a killed server).
    func probeHealthz() {
        while !stopping.load(ordering: .relaxed) {
            if let r = client.get("/healthz", fresh: true), r.status == 200 {
                probeLatencies.withLock { $0.append(r.seconds) }
            } else {
                probeFailures.add(1, ordering: .relaxed)
            }
            usleep(100_000)
        }
    }

    func read(reader: Int) {
        let paths = [
            "/api/v1/latest", "/", "/api/v1/meters", "/api/v1/devices", "/metrics", "/api/v1/alerts", "/devices",
            "/api/v1/compare?category=electricity&period=2026",
            "/api/v1/meters/main/readings?from=2026-01-01&to=2027-01-01&resolution=hour",
        ]
        var i = reader
        let headers = credentials(reader: reader)
        var waitingOut503 = false
        while !stopping.load(ordering: .relaxed) {
            let answer = client.get(paths[i % paths.count], headers: headers)
            let status = answer?.status ?? -1
            readerStatuses.withLock { $0[status, default: 0] += 1 }
            if status == 503 {
                // Load shed by the render gate: a browser waits as told and asks again for the same page.
                let retryAfter = answer?.headers.first(name: "Retry-After").flatMap { Int($0) }
                if retryAfter == nil { shedWithoutRetryAfter.add(1, ordering: .relaxed) }
                waitingOut503 = true
                usleep(UInt32(min(5, max(1, retryAfter ?? 1))) * 1_000_000)
                continue
            }
            if waitingOut503 && status == 200 { shedThenAnswered.add(1, ordering: .relaxed) }
            waitingOut503 = false
            i += 1
            if status == -1 { usleep(200_000) }
        }
    }

    /// The collector's drop counter per `serve` instance, from `/metrics` every 5 s.
    func watchMetrics() {
        while !stopping.load(ordering: .relaxed) {
            serveLock.lock()
            let pid = serve?.pid ?? 0
            serveLock.unlock()
            if let text = client.get("/metrics", headers: tokenHeader)?.body,
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("meterwatch_collector_dropped_samples") }),
                let value = Double(line.split(separator: " ").last ?? "")
            {
                droppedByInstance.withLock { $0[pid] = max($0[pid] ?? 0, value) }
            }
            for _ in 0..<50 where !stopping.load(ordering: .relaxed) { usleep(100_000) }
        }
    }

    /// Waits until no notification is pending; false after `seconds`.
    func waitForOutbox(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        let store = options.workdir + "/store.sqlite"
        while Date() < deadline {
            if let pending = SoakRun.sqlite(store, "SELECT COUNT(*) FROM alert_delivery WHERE status = 'pending'"), pending == "0" {
                return true
            }
            usleep(500_000)
        }
        return false
    }

    // MARK: Helpers

    static func sqlite(_ path: String, _ sql: String) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        p.arguments = ["-cmd", ".timeout 30000", path, sql]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    static func freePort() -> Int { freeLoopbackPort() }
}

func fmt(_ v: Double, _ decimals: Int = 1) -> String { String(format: "%.\(decimals)f", v) }
