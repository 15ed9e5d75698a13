import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchTestPostgres
import MeterwatchTestSupport
import Testing

/// A central deployment on PostgreSQL through the real binary and a real server: the SQLite store is
/// copied with `db copy-to-postgres`, and compare, report and portfolio read the central with the
/// same figures, byte for byte.
@Suite struct PostgresCLITests {
    @Test func theCentralAnswersLikeTheEmbeddedStore() throws {
        let cli = try PortfolioCLITests().harness()
        let address = try PostgresTestServer.freshDatabase()
        let yaml = try String(contentsOfFile: cli.dir + "/meterwatch.yaml", encoding: .utf8)
        try cli.write(
            "central.yaml",
            yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: \"\(address)\" }"))
        let copied = try cli.run(["db", "copy-to-postgres", "--config", "central.yaml"])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("copied to \(address): 2 series, 0 readings, 48 bills"), "\(copied.stdout)")
        for args in [
            ["compare", "--category", "electricity", "--period", "2025", "--format", "json"],
            ["compare", "--meter", "library-power", "--period", "2025-03", "--against", "previous-period", "--format", "json"],
            ["portfolio", "--period", "2025", "--format", "csv"],
            ["portfolio", "--period", "2025", "--lang", "zh-TW"],
            ["report", "--period", "2025", "--format", "csv"],
            ["compare", "--site", "library", "--category", "electricity", "--period", "2025H2", "--format", "json"],
        ] {
            let embedded = try cli.run(args + ["--config", "meterwatch.yaml"])
            let central = try cli.run(args + ["--config", "central.yaml"])
            #expect(embedded.status == 0 && central.status == 0, "\(args): \(embedded.stderr) \(central.stderr)")
            #expect(!embedded.stdout.isEmpty && embedded.stdout == central.stdout, "\(args)")
        }
        // Copying again replaces the first copy: the same figures, not twice the use.
        #expect(try cli.run(["db", "copy-to-postgres", "--config", "central.yaml"]).status == 0)
        let again = try cli.run([
            "compare", "--category", "electricity", "--period", "2025", "--format", "json", "--config", "central.yaml",
        ])
        #expect(again.stdout == (try cli.run(["compare", "--category", "electricity", "--period", "2025", "--format", "json"]).stdout))
    }

    /// The central's database over TLS: `verify-full` with the cluster's CA connects; with another
    /// CA it is refused before any statement; `require` encrypts without checking. A malformed
    /// address never prints its password.
    @Test func theCentralConnectsOverTLSWithVerifyFull() throws {
        let cli = try PortfolioCLITests().harness()
        let ca = try PostgresTestServer.certificateAuthority()
        let rogue = try TestCA(in: cli.dir + "/rogue", name: "rogue")
        let address = try PostgresTestServer.freshDatabase()
        let plain = "postgres://\(address.user)@\(address.host):\(address.port)/\(address.database)"
        func config(_ name: String, _ url: String) throws {
            try cli.write(
                name,
                PortfolioCLITests.yaml.replacingOccurrences(
                    of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: \"\(url)\" }"))
        }
        try config("verified.yaml", plain + "?sslmode=verify-full&sslrootcert=\(ca)")
        let copied = try cli.run(["db", "copy-to-postgres", "--config", "verified.yaml"])
        #expect(copied.status == 0, "\(copied.stderr)")
        let compare = try cli.run([
            "compare", "--category", "electricity", "--period", "2025", "--config", "verified.yaml", "--format", "json",
        ])
        #expect(compare.status == 0 && compare.stdout.contains("\"current\""), "\(compare.stderr)")
        try config("rogue.yaml", plain + "?sslmode=verify-full&sslrootcert=\(rogue.certificate)")
        let refused = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "rogue.yaml"])
        #expect(refused.status == 69 && refused.stderr.contains("cannot connect to PostgreSQL"), "\(refused.stderr)")
        try config("required.yaml", plain + "?sslmode=require")
        #expect(try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "required.yaml"]).status == 0)
        // A secret in a malformed address stays out of the error, as does the file it came from.
        try cli.write("secret.url", "postgres://mw:Tr0ub4dor@/nodb\n")
        try cli.write(
            "secret.yaml",
            PortfolioCLITests.yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: { file: secret.url } }"))
        let bad = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "secret.yaml"])
        #expect(bad.status == 78 && !bad.stderr.contains("Tr0ub4dor"), "\(bad.stderr)")
        try config("query.yaml", "postgres://mw:Tr0ub4dor@127.0.0.1:1/db?sslmode=sometimes")
        let mode = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "query.yaml"])
        #expect(
            mode.status == 78 && mode.stderr.contains("sslmode must be disable, require or verify-full")
                && !mode.stderr.contains("Tr0ub4dor"), "\(mode.stderr)")
    }

    @Test func aWrongAddressIsAConfigurationErrorAndADeadServerIsUnavailable() throws {
        let cli = try PortfolioCLITests().harness()
        try cli.write(
            "bad.yaml",
            PortfolioCLITests.yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: \"mysql://u@h/db\" }"))
        let bad = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "bad.yaml"])
        #expect(bad.status == 78 && bad.stderr.contains("bad.yaml:2:") && bad.stderr.contains("postgres://user"), "\(bad.stderr)")
        let port = freeLoopbackPort()
        try cli.write(
            "dead.yaml",
            PortfolioCLITests.yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }",
                with: "storage: { path: store.sqlite, postgres: \"postgres://mw:secret@127.0.0.1:\(port)/central\" }"))
        let dead = try cli.run(["portfolio", "--period", "2025", "--config", "dead.yaml"])
        #expect(dead.status == 69, "\(dead.stderr)")
        #expect(dead.stderr.contains("cannot connect to PostgreSQL at postgres://mw@127.0.0.1:\(port)/central"))
        #expect(!dead.stderr.contains("secret"))
        // The SQLite store is untouched: the embedded commands still answer.
        #expect(try cli.run(["portfolio", "--period", "2025", "--config", "meterwatch.yaml"]).status == 0)
    }

    /// Readings imported at a central on PostgreSQL land in its SQLite file until `serve` or
    /// `db copy-to-postgres` moves them: the empty answer says so, and where they are; after the
    /// copy the figures are there and the note is gone.
    @Test func anEmptyAnswerSaysWhereTheReadingsAre() throws {
        let cli = try PortfolioCLITests().harness()
        let address = try PostgresTestServer.freshDatabase()
        try cli.write(
            "central.yaml",
            PortfolioCLITests.yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: edge.sqlite, postgres: \"\(address)\" }"))
        try cli.write("bills.csv", "meter,start,end,value\nhall-power,2025-01-01,2025-02-01,1000\nhall-power,2026-01-01,2026-02-01,900\n")
        #expect(try cli.run(["import", "readings", "bills.csv", "--config", "central.yaml"]).status == 0)
        let empty = try cli.run(["compare", "--meter", "hall-power", "--period", "2026-01", "--config", "central.yaml"])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(empty.stdout.contains("2 readings of this selection are in"), "\(empty.stdout)")
        #expect(empty.stdout.contains("edge.sqlite, not yet in the central database"), "\(empty.stdout)")
        #expect(empty.stdout.contains("db copy-to-postgres"))
        let zh = try cli.run(["compare", "--meter", "hall-power", "--period", "2026-01", "--config", "central.yaml", "--lang", "zh-TW"])
        #expect(zh.stdout.contains("尚未進入中央資料庫"), "\(zh.stdout)")
        #expect(try cli.run(["db", "copy-to-postgres", "--config", "central.yaml"]).status == 0)
        let full = try cli.run(["compare", "--meter", "hall-power", "--period", "2026-01", "--config", "central.yaml", "--format", "json"])
        #expect(full.stdout.contains("\"value\" : 900") && !full.stdout.contains("not yet in the central"), "\(full.stdout)")
    }

    /// A central on PostgreSQL keeps its own SQLite file as its building's edge: what `meterwatch import`
    /// (or its collector) writes there, `serve` forwards into the database, and the database answers
    /// with the figures the SQLite file gives.
    @Test func serveForwardsItsOwnStoreIntoTheDatabase() throws {
        let cli = try PortfolioCLITests().harness()
        // A meter read every minute beside the bills.
        let yaml =
            PortfolioCLITests.yaml + "\n  - { id: hall-chiller, site: hall, category: electricity }\n"
            + "kpis:\n  - { id: power-cut, target: 5, unit: \"%\", derive: { compare: { category: electricity } } }\n"
            + "  - { id: lib-budget, site: library, name: { en: Library budget, zh-TW: 圖書館預算執行率 }, target: 95, unit: \"%\" }\n"
        try cli.write("meterwatch.yaml", yaml)
        var csv = "meter,time,value\n"
        for minute in 0..<600 {
            let time = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 1_767_196_800 + Double(minute) * 60))
            csv += "hall-chiller,\(time),\(5_000 + Double(minute) * 0.5)\n"
        }
        try cli.write("minutes.csv", csv)
        #expect(try cli.run(["import", "readings", "--config", "meterwatch.yaml", "minutes.csv"]).status == 0)
        let address = try PostgresTestServer.freshDatabase()
        try cli.write(
            "central.yaml",
            yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: \"\(address)\" }"))
        let port = freeLoopbackPort()
        let serve = try BackgroundCommand(cli, ["serve", "--config", "central.yaml", "--no-collect", "--port", "\(port)"])
        defer { if serve.process.isRunning { kill(serve.process.processIdentifier, SIGKILL) } }
        try serve.waitFor("serving http")
        #expect(serve.seen.contains("buildings' readings in postgres://"), "\(serve.seen)")
        var status: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            status = try cli.json(["forward", "status", "--config", "central.yaml", "--format", "json"]) as? [String: Any] ?? [:]
            if status["pending_changes"] as? Int == 0, status["forwarded_readings"] as? Int == 648 { break }
            usleep(100_000)
        }
        #expect(status["pending_changes"] as? Int == 0 && status["forwarded_readings"] as? Int == 648, "\(status)")
        #expect((status["central"] as? String)?.hasPrefix("postgres://") == true, "\(status)")
        for args in [
            ["portfolio", "--period", "2025", "--format", "csv"],
            ["compare", "--meter", "hall-chiller", "--period", "2026-01-01", "--against", "previous-period", "--format", "json"],
            ["compare", "--category", "electricity", "--period", "2026-01", "--format", "json"],
        ] {
            let embedded = try cli.run(args + ["--config", "meterwatch.yaml"])
            let central = try cli.run(args + ["--config", "central.yaml"])
            #expect(embedded.status == 0 && !embedded.stdout.isEmpty && embedded.stdout == central.stdout, "\(args): \(central.stderr)")
        }
        // A KPI actual entered at the central goes into the database the engine reads, under its building.
        let set = try cli.run([
            "kpi", "set", "lib-budget", "--period", "2025", "--actual", "97.25", "--by", "館長", "--config", "central.yaml",
        ])
        #expect(set.status == 0, "\(set.stderr)")
        let evaluate = ["kpi", "evaluate", "--period", "2025", "--by-site", "--format", "json"]
        let kpis = try #require(try cli.json(evaluate + ["--config", "central.yaml"]) as? [[String: Any]])
        #expect(
            kpis.map { "\($0["id"] as? String ?? "?")@\($0["site"] as? String ?? "*")" } == [
                "power-cut@*", "power-cut@hall", "power-cut@library", "lib-budget@library",
            ])
        #expect(kpis.last?["actual"] as? Double == 97.25 && kpis.last?["entered_by"] as? String == "館長", "\(kpis)")
        let database = try PostgresStore(address: address, calendar: LocalCalendar(rules: .utc))
        defer { database.close() }
        #expect(try database.rowsBySite(table: "kpi_actual") == ["library": 1])
        let table = try cli.run(["kpi", "evaluate", "--period", "2025", "--by-site", "--lang", "zh-TW", "--config", "central.yaml"])
        #expect(table.stdout.contains("全部建築物") && table.stdout.contains("圖書館預算執行率"), "\(table.stdout)")
        // The running server answers from the database too.
        let answer = try curl(
            "GET", "http://127.0.0.1:\(port)/api/v1/meters/hall-chiller/readings?from=2026-01-01&to=2026-01-02&resolution=raw")
        let points = (try answer.json() as? [String: Any])?["points"] as? [Any]
        #expect(points?.count == 600)
        #expect(try serve.stop(SIGTERM) == 0)

        // A mistaken hour deleted: in the database and in the SQLite file alike.
        let deleted = try cli.run([
            "readings", "delete", "--config", "central.yaml", "--meter", "hall-chiller", "--from", "2026-01-01T00:00:00Z",
            "--to", "2026-01-01T01:00:00Z",
        ])
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted 60 samples"), "\(deleted.stdout)\(deleted.stderr)")
        let day = ["compare", "--meter", "hall-chiller", "--period", "2026-01-01", "--against", "previous-period", "--format", "json"]
        let embedded = try cli.run(day + ["--config", "meterwatch.yaml"])
        #expect(embedded.stdout == (try cli.run(day + ["--config", "central.yaml"])).stdout && embedded.stdout.contains("\"current\""))

        // An edge's forward: beside storage.postgres is refused where it is written.
        try cli.write(
            "both.yaml",
            (try String(contentsOfFile: cli.dir + "/central.yaml", encoding: .utf8))
                + "\nforward: { to: \"http://127.0.0.1:9\", site: hall }\n")
        let both = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "both.yaml"])
        #expect(both.status == 78 && both.stderr.contains("both.yaml:") && both.stderr.contains("storage.postgres"), "\(both.stderr)")
    }
}
