import Foundation
import MeterwatchModbus
import Testing

/// Runs SQL on a store with the sqlite3 shell: how the tests put data there that an earlier
/// version stored before today's checks (or that a broken disk made up).
@discardableResult
func sqlite(_ path: String, _ sql: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    p.arguments = [path, sql]
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else {
        throw NSError(domain: "sqlite3", code: 1, userInfo: [NSLocalizedDescriptionKey: String(decoding: e, as: UTF8.self)])
    }
    return String(decoding: o, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

/// Puts readings into a store the way an earlier version stored them: rows of the version-4
/// `sample` table, bypassing today's checks. The next command that opens the store migrates them
/// into chunks (`v5-sample-chunks` runs again), as an upgrade would.
func legacySamples(_ path: String, _ cli: CLIHarness, _ sql: String) throws {
    try sqlite(
        path,
        """
        CREATE TABLE IF NOT EXISTS sample(
            series INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(series, ts)) WITHOUT ROWID;
        \(sql);
        DELETE FROM grdb_migrations WHERE identifier = 'v5-sample-chunks';
        """)
    let migrated = try cli.run(["db", "init"])
    guard migrated.status == 0 else { throw NSError(domain: "db init", code: 1, userInfo: [NSLocalizedDescriptionKey: migrated.stderr]) }
}

/// Real mistakes through the real binary: a mistyped year, a register answering garbage, an odd
/// value stored by an earlier version, a store that refuses a write.
@Suite(.serialized) struct HostileInputCLITests {
    static let upsMeter = "  - { id: ups-b1, name: { en: B1 UPS, zh-TW: B1 不斷電系統 }, category: ups }"

    /// `m1,2502-01-01…` (a typo for 2025) used to be stored, growing the store to 1 GB; now every
    /// entrance refuses it with its place, and one already stored is listed and removed.
    @Test func aMistypedYearIsRefusedAndOneAlreadyStoredIsRepaired() throws {
        let site = try ServedSite()
        let typo = "meter,time,value\nhall-power,2026-11-20T00:00:00+08:00,1\nhall-power,2502-11-20T00:00:00+08:00,999999\n"
        try site.cli.write("typo.csv", typo)
        let before = try site.cli.run(["db", "stats", "--format", "json"]).stdout
        let cli = try site.cli.run(["import", "readings", "typo.csv"])
        #expect(cli.status != 0)
        #expect(cli.stderr.contains("typo.csv:3:12: time: 2502-11-20T00:00:00+08:00 is in the future"), "\(cli.stderr)")
        #expect(cli.stderr.contains("nothing was imported"))
        #expect(try site.cli.run(["db", "stats", "--format", "json"]).stdout == before)
        let api = try site.send("POST", "/api/v1/import/readings?name=typo.csv", typo, type: "text/csv")
        #expect(api.status == 422)
        let errors = api.problem?["errors"] as? [String] ?? []
        #expect(errors.count == 1 && errors[0].hasPrefix("typo.csv:3:12: time: 2502-11-20T00:00:00+08:00 is in the future"), "\(errors)")

        // A store written before these checks holds such a reading: db check lists it with the command that removes it.
        let store = site.cli.dir + "/store.sqlite"
        let series = try sqlite(store, "SELECT id FROM series WHERE meter = 'hall-power' AND quantity = 'energy_import'")
        try legacySamples(store, site.cli, "INSERT INTO sample(series, ts, value) VALUES (\(series), 16754083200000, 999999)")
        let check = try site.cli.run(["db", "check"])
        #expect(check.stdout.contains("implausible reading: 2500-12-01T08:00:00+08:00 is in the future"), "\(check.stdout)")
        let remedy = try #require(check.stdout.split(separator: "\n").first { $0.contains("meterwatch readings delete") })
        let command = remedy[remedy.range(of: "meterwatch ")!.upperBound...].split(separator: " ").map(String.init)
        #expect(
            command == [
                "readings", "delete", "--meter", "hall-power", "--quantity", "energy_import",
                "--from", "2500-12-01T08:00:00+08:00", "--to", "2500-12-01T08:00:00.001+08:00",
            ])
        // The API twin needs a token, can dry-run, and deletes.
        let path = "/api/v1/meters/hall-power/readings?from=2500-12-01T08:00:00%2B08:00&to=2500-12-01T08:00:01%2B08:00"
        #expect(try curl("DELETE", site.base + path).status == 401)
        let dry = try site.send("DELETE", path + "&dry_run=true", "")
        let dryJSON = try dry.json() as? [String: Any]
        #expect(dry.status == 200 && dryJSON?["samples"] as? Int == 1 && dryJSON?["dry_run"] as? Bool == true)
        let repaired = try site.cli.run(command)
        #expect(repaired.status == 0 && repaired.stdout.contains("deleted 1 sample and 0 interval totals of hall-power/energy_import"))
        let again = try site.send("DELETE", path, "").json() as? [String: Any]
        #expect(again?["samples"] as? Int == 0)
        let clean = try site.cli.run(["db", "check"])
        #expect(!clean.stdout.contains("implausible"), "\(clean.stdout)")
        #expect(try site.get("/api/v1/meters/nope/readings?from=2025-01-01&to=2025-01-02").status == 404)
        #expect(try site.send("DELETE", "/api/v1/meters/nope/readings?from=2025-01-01&to=2025-01-02", "").status == 404)
    }

    /// `ups_status` 5e9 (no 13-bit mask) is refused at every entrance; one stored by an earlier version
    /// no longer kills `serve` on the next `GET /`: the panel shows it as missing.
    @Test func anOddValueIsRefusedAndOneAlreadyStoredDoesNotKillTheServer() throws {
        let site = try ServedSite(extraMeters: Self.upsMeter)
        let odd = "meter,time,value,quantity\nups-b1,2026-11-25T10:00:00+08:00,5e9,ups_status\n"
        try site.cli.write("odd.csv", odd)
        let cli = try site.cli.run(["import", "readings", "odd.csv"])
        #expect(
            cli.stderr.contains("odd.csv:2:34: value: 5000000000 is outside the plausible range of ups_status, [0, 8191] (whole numbers)"),
            "\(cli.stderr)")
        #expect(try site.send("POST", "/api/v1/import/readings", odd, type: "text/csv").status == 422)
        // An earlier version stored it.
        let store = site.cli.dir + "/store.sqlite"
        try legacySamples(
            store, site.cli,
            """
            INSERT INTO series(meter, quantity, kind, unit, rules, created_at) VALUES ('ups-b1', 'ups_status', 'state', '', '{}', 0);
            INSERT INTO sample(series, ts, value) SELECT id, \(Int64(Date().timeIntervalSince1970 * 1000) - 60_000),
            5e9 FROM series WHERE quantity = 'ups_status'
            """)
        for path in ["/", "/?lang=zh-TW", "/api/v1/latest", "/alerts", "/devices"] {
            let r = try site.get(path)
            #expect(r.status == 200, "\(path): \(r.status)")
        }
        #expect(try site.get("/healthz").status == 200)
        #expect(site.server.process.isRunning)
    }

    /// A store error during an upload (here: readings older than the pruned raw data) is the
    /// client's data not fitting, 422, not a server error.
    @Test func storeErrorsDuringAnUploadAreUnprocessable() throws {
        let site = try ServedSite(storage: "{ path: store.sqlite, raw_retention_days: 100 }")
        #expect(try site.cli.run(["db", "prune"]).status == 0)
        let late = "meter,time,value\nhall-power,2025-02-01T00:00:00+08:00,1000\n"
        let r = try site.send("POST", "/api/v1/import/readings", late, type: "text/csv")
        #expect(r.status == 422, "\(r.status) \(r.body)")
        let detail = r.problem?["detail"] as? String ?? ""
        #expect(detail.contains("was pruned"))
    }

    /// Every answer carries the security headers, errors included; a figure JSON cannot hold is
    /// an error, never `null` in a 200; an idle connection is closed.
    @Test func errorsCarryHeadersNonFiniteFiguresAreErrorsIdleConnectionsClose() throws {
        let site = try ServedSite(server: ", idle_timeout: 1s")
        for path in ["/api/v1/nope", "/api/v1/compare?meter=hall-power&period=2025Q5", "/nope"] {
            let r = try site.get(path)
            #expect(r.status >= 400)
            #expect(r.headers["x-content-type-options"] == "nosniff", "\(path)")
            #expect(r.headers["x-frame-options"] == "DENY" && r.headers["content-security-policy"] != nil, "\(path)")
        }
        let store = site.cli.dir + "/store.sqlite"
        let series = try sqlite(store, "SELECT id FROM series WHERE meter = 'hall-water'")
        try sqlite(
            store,
            "UPDATE rollup SET value = 9e999 WHERE series = \(series) AND resolution = 2 AND start = (SELECT MIN(start) FROM rollup WHERE "
                + "series = \(series) AND resolution = 2)"
        )
        let r = try site.get("/api/v1/meters/hall-water/readings?from=2024-12-01&to=2025-02-01&resolution=day")
        #expect(r.status == 422 && !r.body.contains("null"), "\(r.status) \(r.body.prefix(200))")

        // A client that connects and says nothing is disconnected after server.idle_timeout.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(site.port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, 15_000)
        var byte: UInt8 = 0
        #expect(ready == 1 && read(fd, &byte, 1) == 0, "the idle connection was not closed")
    }
}
