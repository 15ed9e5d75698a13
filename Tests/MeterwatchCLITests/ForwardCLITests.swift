import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import Testing

/// Edge to central through the real binaries: an edge's `meterwatch forward` sends its store to a
/// central `meterwatch serve` over loopback; the central is SIGKILLed mid-way and restarted, then
/// the edge is; every reading arrives, exactly once, with its exact value: into the central's SQLite
/// store, and into a central on PostgreSQL (`storage.postgres`).
@Suite(.serialized) struct ForwardCLITests {
    static let token = "library-edge-token-0123456789"
    static let meters = ["lib-power", "lib-water", "lib-chiller"]
    static let minutes = 8_000

    static func sha256(_ text: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        let input = Pipe()
        let out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let hex = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64)
        p.waitUntilExit()
        return String(hex)
    }

    /// The library's meters as YAML lines (with their site at the central).
    static func meterLines(site: String?) -> String {
        meters.map { id in
            "  - { id: \(id), \(site.map { "site: \($0), " } ?? "")category: \(id == "lib-water" ? "water" : "electricity") }"
        }.joined(separator: "\n")
    }

    /// A central (`central/`, on PostgreSQL when `postgres` is given) with the hall and the library,
    /// and the library's edge (`edge/`) forwarding to it on `port`; `library` and `forward` add to
    /// the library's site and the edge's `forward:` entries.
    static func writeCentralAndEdge(
        _ cli: CLIHarness, port: Int, postgres address: PostgresAddress?, library: String = "", forward: String = ""
    ) throws {
        let storage = address.map { "storage: { path: central.sqlite, postgres: \"\($0)\" }" } ?? "storage: { path: central.sqlite }"
        try FileManager.default.createDirectory(atPath: cli.dir + "/central", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: cli.dir + "/edge", withIntermediateDirectories: true)
        try cli.write(
            "central/meterwatch.yaml",
            """
            site: { name: Central, timezone: Asia/Taipei }
            \(storage)
            server: { bind: "127.0.0.1:\(port)", tokens: [ { name: library-edge, sha256: \(try sha256(token)), site: library } ] }
            sites: [ { id: hall }, { id: library, floor_area_m2: 2000\(library) } ]
            meters:
              - { id: hall-power, site: hall, category: electricity }
            \(meterLines(site: "library"))
            """)
        try cli.write("edge/forward.token", token + "\n")
        try cli.write(
            "edge/meterwatch.yaml",
            """
            site: { name: Library, timezone: Asia/Taipei }
            storage: { path: edge.sqlite }
            forward: { to: "http://127.0.0.1:\(port)", site: library, token_file: forward.token\(forward) }
            meters:
            \(meterLines(site: nil))
            """)
    }

    func value(_ meter: Int, _ minute: Int) -> Double { 1_000 + Double(meter) * 100_000 + Double(minute) * 0.25 }

    /// Readings the central holds, read beside the running server: in PostgreSQL when it has one,
    /// else in its SQLite file (chunks and head).
    func centralCount(_ cli: CLIHarness, _ postgres: PostgresStore?) -> Int {
        if let postgres { return (try? postgres.rowsBySite(table: "sample").values.reduce(0, +)) ?? 0 }
        return Int(
            (try? sqlite(
                cli.dir + "/central/central.sqlite",
                "SELECT (SELECT COALESCE(SUM(count), 0) FROM chunk) + (SELECT COUNT(*) FROM sample_head)")) ?? "") ?? 0
    }

    func waitUntil(seconds: Double, _ what: String, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            usleep(10_000)
        }
        throw NSError(domain: "forward", code: 1, userInfo: [NSLocalizedDescriptionKey: "timed out waiting for \(what)"])
    }

    @Test(arguments: ["sqlite", "postgres"]) func killingTheCentralAndTheEdgeMidwayLosesAndDuplicatesNothing(backend: String) throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let address = backend == "postgres" ? try PostgresTestServer.freshDatabase() : nil
        let postgres = try address.map { try PostgresStore(address: $0, calendar: LocalCalendar(rules: .utc)) }
        defer { postgres?.close() }
        try Self.writeCentralAndEdge(cli, port: port, postgres: address, forward: ", every: 100ms, batch: 25")
        var csv = "meter,time,value\n"
        let start = try #require(ISO8601DateFormatter().date(from: "2026-01-01T00:00:00+08:00"))
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Taipei")
        for minute in 0..<Self.minutes {
            let time = format.string(from: start.addingTimeInterval(Double(minute) * 60))
            for (k, meter) in Self.meters.enumerated() { csv += "\(meter),\(time),\(value(k, minute))\n" }
        }
        try cli.write("edge/readings.csv", csv)
        let imported = try cli.run(["import", "readings", "--config", "edge/meterwatch.yaml", "edge/readings.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let total = Self.minutes * Self.meters.count
        // An alert of the edge (its store is written beside the CLI, as its alert service would).
        do {
            let edgeStore = try MeterStore(path: cli.dir + "/edge/edge.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
            let at = Int64(start.timeIntervalSince1970 * 1000) + msPerDay
            var leak = StoredAlert(
                rule: "night-flow", subject: "lib-water", meter: "lib-water", type: "night_flow", severity: .critical, state: .firing,
                startedAtMs: at, updatedAtMs: at, value: 0.5, threshold: 0.1, unit: "m³/h", messageEN: "Suspected leak",
                messageZH: "疑似漏水")
            leak.firedAtMs = at
            _ = try edgeStore.commitAlertChanges([AlertChange(alert: leak, event: .firing, atMs: at)])
        }

        var central = try BackgroundCommand(cli, ["serve", "--config", "central/meterwatch.yaml", "--no-collect"])
        defer { if central.process.isRunning { kill(central.process.processIdentifier, SIGKILL) } }
        try central.waitFor("serving http")
        var edge = try BackgroundCommand(cli, ["forward", "--config", "edge/meterwatch.yaml"])
        defer { if edge.process.isRunning { kill(edge.process.processIdentifier, SIGKILL) } }

        // The central dies with part of the data stored, and comes back on the same port.
        var atKill = 0
        try waitUntil(seconds: 60, "the first readings at the central") {
            atKill = centralCount(cli, postgres)
            return atKill > 0
        }
        kill(central.process.processIdentifier, SIGKILL)
        central.process.waitUntilExit()
        #expect(atKill < total, "the transfer ended before the central was killed")
        usleep(700_000)
        central = try BackgroundCommand(cli, ["serve", "--config", "central/meterwatch.yaml", "--no-collect"])
        try central.waitFor("serving http")

        // Then the edge dies mid-way, and a new forwarder takes over from its store.
        let before = centralCount(cli, postgres)
        try waitUntil(seconds: 60, "the transfer to resume") { centralCount(cli, postgres) > before }
        kill(edge.process.processIdentifier, SIGKILL)
        edge.process.waitUntilExit()
        #expect(centralCount(cli, postgres) < total, "the transfer ended before the edge was killed")
        // It said the central was gone while it was.
        try? edge.waitFor("resumed", seconds: 2)
        #expect(edge.seen.contains("forwarding to http://127.0.0.1:\(port) paused"), "the outage was not reported: \(edge.seen)")
        edge = try BackgroundCommand(cli, ["forward", "--config", "edge/meterwatch.yaml"])
        try waitUntil(seconds: 120, "the edge to catch up") {
            let status = try cli.json(["forward", "status", "--config", "edge/meterwatch.yaml", "--format", "json"]) as? [String: Any]
            return status?["pending_changes"] as? Int == 0
        }
        #expect(try edge.stop(SIGTERM) == 0)

        // Every reading exactly once, to the last digit, through the central's API.
        #expect(centralCount(cli, postgres) == total)
        for (k, meter) in Self.meters.enumerated() {
            let answer = try curl(
                "GET",
                "http://127.0.0.1:\(port)/api/v1/meters/\(meter)/readings?from=2026-01-01&to=2026-01-07&resolution=raw")
            let series = try #require(try answer.json() as? [String: Any])
            let points = try #require(series["points"] as? [[String: Any]])
            #expect(points.count == Self.minutes, "\(meter)")
            let wrong = points.enumerated().filter { i, p in p["value"] as? Double != value(k, i) }
            #expect(wrong.isEmpty, "\(meter): \(wrong.prefix(3))")
        }
        // The edge's alert is in the central's list, under its building, once.
        let alerts = try #require(try curl("GET", "http://127.0.0.1:\(port)/api/v1/alerts?site=library").json() as? [[String: Any]])
        #expect(alerts.map { $0["rule"] as? String } == ["library/night-flow"], "\(alerts)")
        let status = try #require(
            try cli.json(["forward", "status", "--config", "edge/meterwatch.yaml", "--format", "json"]) as? [String: Any])
        #expect(status["last_error"] == nil || status["last_error"] is NSNull)
        #expect((status["forwarded_readings"] as? Int ?? 0) >= total)
        #expect(try central.stop(SIGTERM) == 0)

        // An edge that no longer forwards stops logging its writes.
        let reset = try cli.run(["forward", "reset", "--config", "edge/meterwatch.yaml"])
        #expect(reset.status == 0 && reset.stdout.contains("forwarding off"), "\(reset.stdout)\(reset.stderr)")
        let after = try #require(
            try cli.json(["forward", "status", "--config", "edge/meterwatch.yaml", "--format", "json"]) as? [String: Any])
        #expect(after["enabled"] as? Bool == false && after["pending_changes"] as? Int == 0)
    }

    /// What an edge keeps besides readings reaches its central too: the fleet's fuel log (so that its
    /// fuel figures, coverage included, are the edge's), deletions (the central deletes what the edge
    /// did) and its devices' health (the central's Devices API lists them under the building). Each
    /// once: a second pass sends nothing.
    @Test(arguments: ["sqlite", "postgres"]) func anEdgesFuelLogDeletionsAndDevicesReachTheCentral(backend: String) throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let address = backend == "postgres" ? try PostgresTestServer.freshDatabase() : nil
        try Self.writeCentralAndEdge(cli, port: port, postgres: address, library: ", fleet: true")
        var csv = "meter,time,value\n"
        for hour in 0..<48 {
            let day = 1 + hour / 24
            csv += "lib-power,2026-01-0\(day)T\(String(format: "%02d", hour % 24)):00:00+08:00,\(1_000 + Double(hour) * 12.5)\n"
        }
        try cli.write("edge/readings.csv", csv)
        #expect(try cli.run(["import", "readings", "--config", "edge/meterwatch.yaml", "edge/readings.csv"]).status == 0)
        try cli.write(
            "edge/fuel.csv",
            "日期,車號,油品,數量(公升),金額,里程\n115/01/05,RAA-1001,95無鉛汽油,38.5,1155,12000\n"
                + "115/01/05,RAA-1001,95無鉛汽油,12.25,368,12310\n115/01/20,KLM-0002,柴油,60,1740,\n")
        let fuel = try cli.run(["import", "fuel", "--config", "edge/meterwatch.yaml", "edge/fuel.csv"])
        #expect(fuel.status == 0 && fuel.stdout.contains("3 new"), "\(fuel.stdout)\(fuel.stderr)")
        // The edge's collector saved the health of the device behind lib-power (written beside the CLI).
        do {
            let edgeStore = try MeterStore(path: cli.dir + "/edge/edge.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
            var health = DeviceHealth(meter: "lib-power", profile: "schneider-pm5560", link: "library-rs485", unit: 3, state: .offline)
            health.requests = 40
            health.errors = ["timeout": 3]
            health.lastError = "timeout after 1000 ms"
            let document = String(decoding: try JSONEncoder().encode(health), as: UTF8.self)
            try edgeStore.saveDeviceHealth([StoredDeviceHealth(meter: "lib-power", document: document, updatedAtMs: SystemClock().nowMs())])
        }

        let central = try BackgroundCommand(cli, ["serve", "--config", "central/meterwatch.yaml", "--no-collect"])
        defer { if central.process.isRunning { kill(central.process.processIdentifier, SIGKILL) } }
        try central.waitFor("serving http")
        let once = ["forward", "--once", "--config", "edge/meterwatch.yaml"]
        let first = try cli.run(once)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("3 refuel(s)") && first.stdout.contains("1 device health document(s)"), "\(first.stdout)")

        // The fuel figures are the edge's, coverage included (the fuel log's span counts).
        let fuelFigures = ["compare", "--category", "fuel", "--period", "2026-01", "--against", "previous-period", "--format", "json"]
        let atEdge = try #require(try cli.json(fuelFigures + ["--config", "edge/meterwatch.yaml"]) as? [String: Any])
        let atCentral = try #require(
            try cli.json(fuelFigures + ["--config", "central/meterwatch.yaml", "--site", "library"]) as? [String: Any])
        let edgeSide = try #require(atEdge["current"] as? [String: Any])
        let centralSide = try #require(atCentral["current"] as? [String: Any])
        #expect(edgeSide["value"] as? Double == 110.75 && centralSide["value"] as? Double == 110.75, "\(centralSide)")
        #expect((edgeSide["coverage"] as? Double ?? 0) > 0 && centralSide["coverage"] as? Double == edgeSide["coverage"] as? Double)
        let summary = ["fuel", "summary", "--period", "2026-01", "--format", "json"]
        let edgeSummary = try cli.run(summary + ["--config", "edge/meterwatch.yaml"])
        let centralSummary = try cli.run(summary + ["--config", "central/meterwatch.yaml"])
        #expect(edgeSummary.stdout.contains("RAA-1001") && edgeSummary.stdout == centralSummary.stdout, "\(centralSummary.stdout)")

        // The device is listed under its building, as the edge last saw it.
        let devices = try #require(try curl("GET", "http://127.0.0.1:\(port)/api/v1/devices").json() as? [[String: Any]])
        let device = try #require(devices.first { $0["meter"] as? String == "lib-power" }, "\(devices)")
        #expect(device["site"] as? String == "library" && device["state"] as? String == "offline", "\(device)")
        #expect((device["errors"] as? [String: Int]) == ["timeout": 3] && device["received"] is String)

        // An hour deleted at the edge is deleted at the central, with its rollups.
        let deleted = try cli.run([
            "readings", "delete", "--config", "edge/meterwatch.yaml", "--meter", "lib-power", "--from", "2026-01-01T10:00:00+08:00",
            "--to", "2026-01-01T14:00:00+08:00",
        ])
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted 4 samples"), "\(deleted.stdout)\(deleted.stderr)")
        let second = try cli.run(once)
        #expect(second.stdout.contains("1 deletion(s)") && !second.stdout.contains("refuel"), "\(second.stdout)")
        let day = ["compare", "--meter", "lib-power", "--period", "2026-01-01", "--against", "previous-period", "--format", "json"]
        let edgeDay = try #require(try cli.json(day + ["--config", "edge/meterwatch.yaml"]) as? [String: Any])
        let centralDay = try #require(try cli.json(day + ["--config", "central/meterwatch.yaml", "--site", "library"]) as? [String: Any])
        let edgeCurrent = try #require(edgeDay["current"] as? [String: Any])
        #expect((edgeCurrent["coverage"] as? Double ?? 1) < 1, "\(edgeCurrent)")
        let centralCurrent = try #require(centralDay["current"] as? [String: Any])
        #expect(NSDictionary(dictionary: edgeCurrent).isEqual(to: centralCurrent), "\(centralCurrent)")
        let raw = try curl("GET", "http://127.0.0.1:\(port)/api/v1/meters/lib-power/readings?from=2026-01-01&to=2026-01-03&resolution=raw")
        #expect(((try raw.json() as? [String: Any])?["points"] as? [Any])?.count == 44)

        // Nothing is sent twice.
        let third = try cli.run(once)
        #expect(third.stdout.hasPrefix("forwarded 0 reading(s) in 0 request(s)"), "\(third.stdout)")
        #expect(try central.stop(SIGTERM) == 0)
    }
}
