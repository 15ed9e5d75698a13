import Foundation
import Testing

/// What an installed binary offers by itself: its version and commit, the device profiles built
/// into it (overridable from a folder), the example configuration that ships with the package, and
/// store figures an operator reads (`db stats`: schema version, bytes per reading).
@Suite struct ShipCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    @Test func versionNamesTheCommitAndTheStoreSchema() throws {
        let cli = try CLIHarness()
        let r = try cli.run(["--version"])
        #expect(r.status == 0)
        let line = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("meterwatch 0.9.0 (commit ") && line.hasSuffix(", store schema v10-access)"), "\(line)")
        // The commit the tests were built from (make test builds first).
        let head = try Self.git(["rev-parse", "HEAD"])
        #expect(line.contains("commit \(head.prefix(12)),"), "\(line) against HEAD \(head)")
    }

    @Test func builtInProfilesAreListedShownAndOverriddenFromAFolder() throws {
        let cli = try CLIHarness()
        let list = try cli.run(["profiles", "list"])
        #expect(list.status == 0)
        for id in ["eastron-sdm630", "carlo-gavazzi-em24", "siemens-sitrans-mag", "apc-smart-ups", "sunspec"] {
            #expect(list.stdout.split(separator: "\n").contains { $0.hasPrefix(id + " ") && $0.hasSuffix("(built in)") }, "\(id)")
        }
        let shown = try cli.run(["profiles", "show", "eastron-sdm630"])
        #expect(shown.status == 0)
        let shipped = try String(contentsOfFile: Self.root + "/Devices/eastron-sdm630.yaml", encoding: .utf8)
        #expect(shown.stdout == shipped)

        // A copy in MW_DEVICES, adapted, replaces the built-in one file by file.
        try FileManager.default.createDirectory(atPath: cli.dir + "/mine", withIntermediateDirectories: true)
        try shipped.replacingOccurrences(of: "model: ", with: "model: Adapted ", options: [], range: nil)
            .write(toFile: cli.dir + "/mine/eastron-sdm630.yaml", atomically: true, encoding: .utf8)
        let overridden = try Self.run(cli, ["profiles", "list", "--format", "json"], environment: ["MW_DEVICES": cli.dir + "/mine"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(overridden.utf8)) as? [[String: Any]])
        let sdm630 = try #require(rows.first { $0["id"] as? String == "eastron-sdm630" })
        #expect((sdm630["source"] as? String)?.hasPrefix(cli.dir + "/mine/") == true)
        #expect((sdm630["model"] as? String)?.hasPrefix("Adapted ") == true)
        #expect(rows.contains { $0["id"] as? String == "sunspec" && ($0["source"] as? String)?.hasSuffix("(built in)") == true })

        let unknown = try cli.run(["profiles", "show", "no-such-meter"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no device profile 'no-such-meter'"), "\(unknown.stderr)")
    }

    /// The configuration the package installs in /etc/meterwatch is valid as shipped.
    @Test func theExampleConfigurationIsValid() throws {
        let cli = try CLIHarness()
        let r = try cli.run(["db", "init", "--config", Self.root + "/Packaging/meterwatch.yaml", "--db", cli.dir + "/example.sqlite"])
        #expect(r.status == 0, "\(r.stderr)")
        let stats = try cli.run(["db", "stats", "--config", Self.root + "/Packaging/meterwatch.yaml", "--db", cli.dir + "/example.sqlite"])
        #expect(stats.status == 0 && stats.stdout.contains("store schema: v10-access"), "\(stats.stdout) \(stats.stderr)")
    }

    @Test func statsShowTheSchemaAndBytesPerReading() throws {
        let cli = try CLIHarness()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: Stats, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            meters:
              - { id: m1, category: electricity, unit: kWh }
            """)
        var csv = "meter,time,value\n"
        let iso = ISO8601DateFormatter()
        for minute in 0..<20_000 {
            let time = iso.string(from: Date(timeIntervalSince1970: 1_735_660_800 + Double(minute) * 60))
            csv += "m1,\(time),\(100_000 + Double(minute) * 0.25)\n"
        }
        try cli.write("r.csv", csv)
        let imported = try cli.run(["import", "readings", "r.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let stats = try #require(try cli.json(["db", "stats", "--format", "json"]) as? [String: Any])
        #expect(stats["schemaVersion"] as? String == "v10-access")
        #expect(stats["samples"] as? Int == 20_000)
        let raw = try #require(stats["rawBytesPerSample"] as? Double)
        // A steady one-minute counter packs into a couple of bytes a reading (the row table took 29).
        #expect(raw > 0 && raw < 3, "\(raw) B per reading")
        #expect((stats["fileBytesPerSample"] as? Double ?? 0) > raw)
        let text = try cli.run(["db", "stats"])
        #expect(text.stdout.contains("B per reading"))
        let migrate = try cli.run(["db", "migrate"])
        #expect(migrate.status == 0 && migrate.stdout.contains("nothing to do"))
    }

    static func git(_ args: [String]) throws -> String {
        try CLIHarness.tool("/usr/bin/git", ["-C", root] + args).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func run(_ cli: CLIHarness, _ args: [String], environment: [String: String]) throws -> String {
        try CLIHarness.tool(CLIHarness.binary, args, environment: environment, directory: cli.dir).output
    }
}
