import Foundation
import Testing

/// A store written by the previous release (schema v4-alerts, one row per reading; made by
/// `Fixtures/upgrade-v4/make-fixture.sh` with that release's code) opens with this build: it is
/// migrated once, a copy of the old file is kept, and every figure the old release printed is
/// printed again, to the last digit.
@Suite struct UpgradeCLITests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/upgrade-v4").path

    /// The commands of make-fixture.sh, by the key their answer has in expected.json.
    static let commands: [(String, [String])] = [
        ("compare_2025Q3_electricity", ["compare", "--category", "electricity", "--period", "2025Q3", "--format", "json"]),
        ("compare_2025Q3_power", ["compare", "--meter", "hall-power", "--period", "2025Q3", "--format", "json"]),
        ("compare_2025Q3_water", ["compare", "--meter", "hall-water", "--period", "2025Q3", "--format", "json"]),
        ("compare_2025_09_water", ["compare", "--meter", "hall-water", "--period", "2025-09", "--format", "json"]),
        ("kpi_2025Q3", ["kpi", "evaluate", "--period", "2025Q3", "--format", "json"]),
        (
            "query_power_days",
            ["query", "--meter", "hall-power", "--from", "2025-07-25", "--to", "2025-08-05", "--resolution", "day", "--format", "json"]
        ),
        (
            "query_power_hours",
            [
                "query", "--meter", "hall-power", "--from", "2025-09-30T00:00:00+08:00", "--to", "2025-10-01T00:00:00+08:00",
                "--resolution", "hour", "--format", "json",
            ]
        ),
        ("fuel_2025", ["fuel", "summary", "--period", "2025", "--format", "json"]),
    ]

    @Test func aStoreOfThePreviousReleaseKeepsEveryFigure() throws {
        let cli = try CLIHarness()
        try FileManager.default.copyItem(atPath: Self.fixtures + "/meterwatch.yaml", toPath: cli.dir + "/meterwatch.yaml")
        try FileManager.default.copyItem(atPath: Self.fixtures + "/store.sqlite.gz", toPath: cli.dir + "/store.sqlite.gz")
        try Self.gunzip(cli.dir + "/store.sqlite.gz")
        #expect(try Self.sqlite(cli.dir + "/store.sqlite", "SELECT COUNT(*) FROM sample") == "8836")

        // The first command migrates, says so, and keeps the old file.
        let stats = try cli.run(["db", "stats", "--format", "json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stderr.contains("upgraded the store from schema v4-alerts to v10-access"), "\(stats.stderr)")
        let backup = cli.dir + "/store.sqlite.before-v5-sample-chunks"
        #expect(try Self.sqlite(backup, "SELECT MAX(identifier) FROM grdb_migrations") == "v4-alerts")
        #expect(try Self.sqlite(backup, "SELECT COUNT(*) FROM sample") == "8836")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(figures["schemaVersion"] as? String == "v10-access")
        #expect(figures["samples"] as? Int == 8836)
        #expect(try Self.sqlite(cli.dir + "/store.sqlite", "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sample'") == "0")
        // The moved readings are sealed, none left in the head.
        #expect(try Self.sqlite(cli.dir + "/store.sqlite", "SELECT COUNT(*) FROM sample_head") == "0")

        // Opening again migrates nothing.
        let again = try cli.run(["db", "stats"])
        #expect(again.status == 0 && !again.stderr.contains("upgraded"), "\(again.stderr)")
        #expect(again.stdout.contains("store schema: v10-access"))

        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/expected.json")))
                as? [String: Any])
        #expect(Set(expected.keys) == Set(Self.commands.map(\.0)))
        var compared = 0
        for (key, args) in Self.commands {
            let actual = try cli.json(args)
            var differences: [String] = []
            compared += Self.compareFigures(expected[key] as Any, actual, at: key, differences: &differences)
            #expect(differences.isEmpty, "\(differences.prefix(10).joined(separator: "\n"))")
        }
        // Every number the old release printed was found and compared (a renamed field would fail above).
        #expect(compared > 100, "\(compared) figures compared")
    }

    /// Walks `expected`; every number in it must be at the same place in `actual`, equal to the
    /// last bit. Returns how many numbers were compared.
    static func compareFigures(_ expected: Any, _ actual: Any?, at path: String, differences: inout [String]) -> Int {
        switch expected {
        case let object as [String: Any]:
            guard let other = actual as? [String: Any] else {
                differences.append("\(path): an object became \(String(describing: actual))")
                return 0
            }
            return object.keys.sorted().reduce(0) {
                $0 + compareFigures(object[$1]!, other[$1], at: "\(path)/\($1)", differences: &differences)
            }
        case let array as [Any]:
            guard let other = actual as? [Any], other.count == array.count else {
                differences.append("\(path): \(array.count) items became \(String(describing: (actual as? [Any])?.count))")
                return 0
            }
            return zip(array, other).enumerated().reduce(0) {
                $0 + compareFigures($1.element.0, $1.element.1, at: "\(path)/\($1.offset)", differences: &differences)
            }
        case let number as NSNumber where !(expected is String):
            if let other = actual as? NSNumber, other.doubleValue == number.doubleValue {
                return 1
            }
            differences.append("\(path): \(number) became \(String(describing: actual))")
            return 0
        default:
            return 0
        }
    }

    static func gunzip(_ path: String) throws {
        #expect(try CLIHarness.tool("/bin/gzip", ["-d", path]).status == 0)
    }

    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try CLIHarness.tool("/usr/bin/sqlite3", [path, sql]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
