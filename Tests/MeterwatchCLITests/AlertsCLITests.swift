import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

/// The independent webhook receiver (Tests/Peers/webhook_receiver.py, Python's http.server and hmac).
final class WebhookReceiver {
    let process: BackgroundCommandRaw
    let log: String
    let port: Int

    init(dir: String, secret: String) throws {
        log = dir + "/webhooks.jsonl"
        let script = repoDevices + "/../Tests/Peers/webhook_receiver.py"
        process = try BackgroundCommandRaw("/usr/bin/env", ["python3", script, log, secret])
        try process.waitFor("listening ")
        let line = process.seen.split(separator: "\n").first { $0.hasPrefix("listening ") }!
        port = Int(line.dropFirst("listening ".count).trimmingCharacters(in: .whitespaces))!
    }

    var messages: [[String: Any]] {
        guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits (bounded) until `count` messages arrived.
    func waitFor(_ count: Int, seconds: Double = 30) -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        while messages.count < count && Date() < deadline { usleep(100_000) }
        return messages
    }
}

@Suite(.serialized) struct AlertsCLITests {
    static func config(modbusPort: Int, hookPort: Int, rules: String) -> String {
        """
        site: { name: { en: Test Hall, zh-TW: 測試大樓 }, timezone: Asia/Taipei }
        storage: { path: store.sqlite }
        profiles: \(repoDevices)
        links:
          - { id: bus, tcp: "127.0.0.1:\(modbusPort)" }
        meters:
          - { id: water-main, category: water, device: { profile: siemens-sitrans-mag, link: bus, unit: 2, poll: { fast: 500ms } } }
        alerts:
          evaluate_every: 500ms
          base_url: http://meterwatch.test
          webhooks:
            - { id: ops, url: "http://127.0.0.1:\(hookPort)/hook", secret: s3cret }
          rules:
        \(rules)
        """
    }

    @Test func burstReachesTheWebhookExactlyOnceAcrossARestart() throws {
        let cli = try CLIHarness()
        let hook = try WebhookReceiver(dir: cli.dir, secret: "s3cret")
        let port = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            Self.config(
                modbusPort: port, hookPort: hook.port,
                rules: """
                        - { id: burst, type: high_flow, meters: [water-main], threshold: 15, for: 1s, clear_for: 1s }
                    """))
        var sim = try BackgroundCommand(
            cli, ["simulate", "--tcp", "127.0.0.1:\(port)", "--device", "2=siemens-sitrans-mag:burst", "--onset", "0"])
        try sim.waitFor("simulating 1 device(s)")

        // First run: the burst fires and is delivered.
        let first = try BackgroundCommand(cli, ["collect"])
        try first.waitFor("evaluating 1 alert rule(s)")
        #expect(hook.waitFor(1).count == 1)
        #expect(try first.stop() == 0)

        // Restarted while the burst goes on: the firing alert is known, nothing is sent again.
        let second = try cli.run(["collect", "--duration", "3"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(hook.messages.count == 1)
        let firing = try cli.json(["alerts", "list", "--state", "firing", "--format", "json"]) as! [[String: Any]]
        #expect(firing.count == 1)
        #expect((firing.first?["value"] as? Double ?? 0) > 15)

        // The burst ends (the simulator restarts without it): resolved, delivered once.
        #expect(try sim.stop() == 0)
        sim = try BackgroundCommand(cli, ["simulate", "--tcp", "127.0.0.1:\(port)", "--device", "2=siemens-sitrans-mag"])
        try sim.waitFor("simulating 1 device(s)")
        let third = try BackgroundCommand(cli, ["collect"])
        let messages = hook.waitFor(2)
        #expect(try third.stop() == 0)
        #expect(messages.map { $0["event"] as? String } == ["firing", "resolved"])
        #expect(messages.allSatisfy { $0["valid_signature"] as? Bool == true })
        let ids = messages.map { (($0["body"] as? [String: Any])?["alert"] as? [String: Any])?["id"] as? Int }
        #expect(ids[0] != nil && ids[0] == ids[1])
        let body = messages[0]["body"] as! [String: Any]
        #expect((body["links"] as? [String: String])?["alert"] == "http://meterwatch.test/alerts#alert-\(ids[0]!)")
        #expect((body["message"] as? [String: String])?["zh-TW"]?.contains("管線破裂") == true)

        // The CLI shows the resolved alert with its history and delivery log.
        let list = try cli.json(["alerts", "list", "--format", "json"]) as! [[String: Any]]
        #expect(list.count == 1 && list[0]["state"] as? String == "resolved")
        let shown = try cli.json(["alerts", "show", String(ids[0]!), "--format", "json"]) as! [String: Any]
        let deliveries = shown["deliveries"] as! [[String: String]]
        #expect(deliveries.map { $0["status"] } == ["delivered", "delivered"])
        #expect((shown["history"] as! [[String: String]]).map { $0["event"] } == ["pending", "firing", "resolved"])
        withExtendedLifetime(sim) {}
    }

    @Test func leakInHistoryFiresInTheServiceAndInAReplay() throws {
        let cli = try CLIHarness()
        let hook = try WebhookReceiver(dir: cli.dir, secret: "s3cret")
        let port = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            Self.config(
                modbusPort: port, hookPort: hook.port,
                rules: """
                        - { id: water-leak, type: night_flow, meters: [water-main], threshold: 0.2, nights: 3 }
                    """))
        // Six days of 15-minute flow readings: 0.45 m³/h through every night (a running cistern).
        let now = Int64(Date().timeIntervalSince1970) / 900 * 900
        var csv = "meter,time,quantity,value\n"
        let iso = ISO8601DateFormatter()
        for i in 1...(6 * 96) {
            let t = now - Int64(i) * 900
            let localHour = ((t + 8 * 3600) % 86_400) / 3600
            csv += "water-main,\(iso.string(from: Date(timeIntervalSince1970: TimeInterval(t)))),flow_rate,\(localHour < 6 ? 0.45 : 3.2)\n"
        }
        try cli.write("flow.csv", csv)
        #expect(try cli.run(["import", "readings", "flow.csv"]).status == 0)

        // The service (collect, with the simulator's leaking meter live) raises it and delivers it.
        let sim = try BackgroundCommand(cli, ["simulate", "--tcp", "127.0.0.1:\(port)", "--device", "2=siemens-sitrans-mag:leak"])
        try sim.waitFor("simulating 1 device(s)")
        let collect = try BackgroundCommand(cli, ["collect"])
        let messages = hook.waitFor(1)
        #expect(try collect.stop() == 0)
        #expect(messages.count == 1 && messages.first?["valid_signature"] as? Bool == true)
        let alert = ((messages.first?["body"] as? [String: Any])?["alert"] as? [String: Any]) ?? [:]
        #expect(alert["rule"] as? String == "water-leak")
        #expect(abs(((alert["details"] as? [String: Double])?["leak_litres_per_night"] ?? 0) - 1350) < 1e-6)
        let table = try cli.run(["alerts", "list", "--lang", "zh-TW"])
        #expect(table.stdout.contains("警報中") && table.stdout.contains("疑似漏水") && table.stdout.contains("1,350 公升"))

        // Acknowledged from the CLI; unknown ids and missing names are clear errors.
        let id = String(alert["id"] as? Int ?? 0)
        #expect(try cli.run(["alerts", "ack", id, "--by", "Lin", "--comment", "plumber called"]).status == 0)
        let bad = try cli.run(["alerts", "ack", "999", "--by", "Lin"])
        #expect(bad.status != 0 && bad.stderr.contains("no alert 999"))

        // A replay over the same history finds it once, sends nothing, stores nothing.
        let from = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(now - 6 * 86_400)))
        let to = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(now)))
        let replay =
            try cli.json(["alerts", "evaluate", "--from", from, "--to", to, "--step", "15m", "--format", "json"]) as! [String: Any]
        let summary = replay["summary"] as! [[String: Any]]
        #expect(summary.first?["fired"] as? Int == 1)
        #expect(hook.messages.count == 1)
        #expect((try cli.json(["alerts", "list", "--format", "json"]) as! [[String: Any]]).count == 1)

        let rules = try cli.run(["alerts", "rules"])
        #expect(rules.stdout.contains("water-main/flow_rate") && rules.stdout.contains("01:00–04:00"))
        withExtendedLifetime(sim) {}
    }

    /// A receiver that accepts connections and never answers: each attempt to it waits for its
    /// timeout. Another alert is still evaluated and delivered to a healthy receiver meanwhile.
    @Test func aDeadReceiverNeverDelaysEvaluationOrOtherWebhooks() throws {
        let cli = try CLIHarness()
        let hook = try WebhookReceiver(dir: cli.dir, secret: "s3cret")
        let dead = try SilentListener()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: Test Hall, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            meters:
              - { id: water-a, category: water }
              - { id: water-b, category: water }
            alerts:
              evaluate_every: 500ms
              webhooks:
                - { id: dead, url: "http://127.0.0.1:\(dead.port)/hook", timeout: 60s, max_attempts: 1 }
                - { id: live, url: "http://127.0.0.1:\(hook.port)/hook", secret: s3cret }
              rules:
                - { id: burst-a, type: high_flow, meters: [water-a], threshold: 15, for: 0s, notify: [dead] }
                - { id: burst-b, type: high_flow, meters: [water-b], threshold: 15, for: 0s, notify: [live] }
            """)
        let port = freeLoopbackPort()
        let server = try BackgroundCommand(cli, ["serve", "--port", String(port)])
        try server.waitFor("serving http://")
        let base = "http://127.0.0.1:\(port)"
        func burst(_ meter: String) throws {
            let t = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-1))
            try cli.write("\(meter).csv", "meter,time,value,quantity\n\(meter),\(t),30,flow_rate\n")
            #expect(try cli.run(["import", "readings", "\(meter).csv"]).status == 0)
        }
        func alert(_ rule: String) throws -> [String: Any]? {
            let list = try curl("GET", base + "/api/v1/alerts").json() as? [[String: Any]] ?? []
            return list.first { $0["rule"] as? String == rule }
        }
        try burst("water-a")
        let deadline = Date().addingTimeInterval(30)
        while try alert("burst-a") == nil && Date() < deadline { usleep(100_000) }
        let a = try #require(try alert("burst-a"))
        // The dead receiver now holds the first delivery of burst-a (up to the 10 s cap per attempt).
        #expect(dead.waitForConnection(seconds: 10))
        try burst("water-b")
        #expect(hook.waitFor(1).count == 1)
        let delivered = hook.messages.first.flatMap { (($0["body"] as? [String: Any])?["alert"] as? [String: Any])?["rule"] as? String }
        #expect(delivered == "burst-b")
        // …while burst-a's attempt is still waiting on the dead receiver: not recorded yet.
        let detail = try curl("GET", base + "/api/v1/alerts/\(a["id"] as? Int ?? 0)").json() as? [String: Any]
        let attempts = (detail?["deliveries"] as? [[String: Any]])?.first?["attempts"] as? Int
        #expect(attempts == 0, "burst-a's delivery finished first (\(attempts ?? -1) attempts): deliveries ran one after another")
        #expect(try server.stop() == 0)
    }
}

/// A loopback listener that accepts connections and never answers (a hung receiver).
final class SilentListener {
    let fd: Int32
    let port: Int
    init() throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(s, 16) == 0 else { throw NSError(domain: "listener", code: 1) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        fd = s
        port = Int(UInt16(bigEndian: addr.sin_port))
    }
    /// Waits until a client connected (the connection is accepted and left unanswered).
    func waitForConnection(seconds: Double) -> Bool {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, Int32(seconds * 1000)) == 1 else { return false }
        accepted.append(accept(fd, nil, nil))
        return true
    }
    private var accepted: [Int32] = []
    deinit {
        for a in accepted { close(a) }
        close(fd)
    }
}
