import Foundation
import Testing

@Suite(.serialized) struct StoreCLITests {
    let config = """
        site: { name: "Taipei City Hall", timezone: Asia/Taipei }
        storage: { path: meterwatch.sqlite, raw_retention_days: 730 }
        meters:
          - { id: hall-power, name: { en: "Main incomer", zh-TW: "市政大樓總用電" }, category: electricity, unit: kWh, tags: [main] }
          - { id: hall-water, name: { en: "Main water" }, category: water, unit: m3, tags: [main] }
        """

    @Test func importQueryAndDuplicateImport() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        #expect(try cli.run(["db", "init"]).status == 0)
        var csv = "meter,time,value\n"
        for m in 0...(2 * 24 * 60) { csv += "hall-power,\(iso(m)),\(1000 + Double(m) * 0.5)\n" }
        try cli.write("readings.csv", csv)
        let first = try cli.run(["import", "readings", "readings.csv"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("2881 new, 0 updated, 0 unchanged"))
        let second = try cli.run(["import", "readings", "readings.csv"])
        #expect(second.stdout.contains("0 new, 0 updated, 2881 unchanged"))

        let rows = try #require(
            try cli.json([
                "query", "--meter", "hall-power", "--from", "2019-07-01", "--to", "2019-07-03", "--resolution", "day", "--format", "json",
            ]) as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[0]["value"] as? Double == 720)
        #expect(rows[0]["coverage"] as? Double == 1)
        #expect(rows[0]["start"] as? String == "2019-07-01T00:00:00+08:00")
        #expect(rows[0]["unit"] as? String == "kWh")

        let csvOut = try cli.run([
            "query", "--meter", "hall-power", "--from", "2019-07-02T22:00", "--to", "2019-07-03T02:00", "--resolution", "hour", "--format",
            "csv",
        ])
        let lines = csvOut.stdout.split(separator: "\n")
        #expect(lines.first == "meter,quantity,start,end,value,unit,coverage")
        #expect(lines.count == 5)
        // No data after the last reading.
        #expect(lines[3] == "hall-power,energy_import,2019-07-03T00:00:00+08:00,2019-07-03T01:00:00+08:00,,kWh,0.0")

        let table = try cli.run(["query", "--meter", "hall-power", "--from", "2019-07-01", "--to", "2019-07-02", "--resolution", "day"])
        #expect(table.stdout.contains("720.000"))
        #expect(table.stdout.contains("100.0 %"))

        // Several series in one query: by category, a row per series and bucket.
        let many = try #require(
            try cli.json([
                "query", "--category", "electricity", "--quantity", "energy_import", "--from", "2019-07-01", "--to", "2019-07-03",
                "--resolution", "day", "--format", "json",
            ]) as? [[String: Any]])
        #expect(many.count == 2 && many.allSatisfy { $0["meter"] as? String == "hall-power" })
    }

    @Test func badRowsFailWithLineNumbers() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        try cli.write("bad.csv", "meter,time,value\nhall-power,2019-07-01T00:00,1\nhall-power,2019-07-01T00:01,x\n")
        let r = try cli.run(["import", "readings", "bad.csv"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("bad.csv:3:29: value: 'x' is not a number"))
        #expect(r.stderr.contains("nothing was imported"))
        let stats = try #require(try cli.json(["db", "stats", "--format", "json"]) as? [String: Any])
        #expect(stats["samples"] as? Int == 0)
    }

    @Test func badConfigNamesFileLineAndKey() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config.replacingOccurrences(of: "category: water", with: "category: watr"))
        let r = try cli.run(["db", "stats"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("meterwatch.yaml:5:"))
        #expect(r.stderr.contains("meters[1].category: unknown category 'watr'"))
    }

    @Test func backupCheckAndRebuild() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        var csv = "meter,time,value\n"
        for m in 0..<600 { csv += "hall-water,\(iso(m)),\(m == 300 ? 0 : 50 + Double(m) * 0.01)\n" }
        try cli.write("w.csv", csv)
        #expect(try cli.run(["import", "readings", "w.csv"]).status == 0)
        let before = try cli.run(["query", "--meter", "hall-water", "--from", "2019-07-01", "--to", "2019-07-02", "--format", "csv"]).stdout
        let check = try cli.run(["db", "check"])
        #expect(check.status == 0 && check.stdout.contains("transient glitch reading 0.0 left out"))
        #expect(try cli.run(["db", "rebuild-rollups"]).status == 0)
        #expect(
            try cli.run(["query", "--meter", "hall-water", "--from", "2019-07-01", "--to", "2019-07-02", "--format", "csv"]).stdout
                == before)
        #expect(try cli.run(["db", "backup", "copy.sqlite"]).status == 0)
        #expect(
            try cli.run([
                "query", "--db", "copy.sqlite", "--meter", "hall-water", "--from", "2019-07-01", "--to", "2019-07-02", "--format", "csv",
            ]).stdout == before)
    }

    /// A process killed with SIGKILL in the middle of a long ingest leaves a database that passes
    /// the integrity check and holds every batch it reported committed — and no partial batch.
    @Test func sigkillMidIngestLosesNoCommittedBatch() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        p.arguments = ["db", "soak", "--batches", "100000", "--batch-size", "720", "--series", "4"]
        p.currentDirectoryURL = URL(fileURLWithPath: cli.dir)
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        var committed = 0
        var buffer = Data()
        let deadline = Date().addingTimeInterval(120)
        while committed < 25 && Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += chunk
            committed = String(decoding: buffer, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("committed ") }.count
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        buffer += out.fileHandleForReading.readDataToEndOfFile()
        committed = String(decoding: buffer, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("committed ") }.count
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(committed >= 25)

        let check = try cli.run(["db", "check", "--format", "json"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stdout.contains("integrity"))
        let stats = try #require(try cli.json(["db", "stats", "--format", "json"]) as? [String: Any])
        let series = try #require(stats["series"] as? [[String: Any]])
        #expect(series.count == 4)
        for s in series {
            let n = try #require(s["samples"] as? Int)
            #expect(n >= committed * 720, "every reported batch is there")
            #expect(n % 720 == 0, "no partial batch")
        }
    }

    func iso(_ minute: Int) -> String {
        let base = 1_561_910_400 + minute * 60  // 2019-07-01T00:00+08:00
        let d = Date(timeIntervalSince1970: TimeInterval(base))
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "Asia/Taipei")
        return f.string(from: d)
    }
}
