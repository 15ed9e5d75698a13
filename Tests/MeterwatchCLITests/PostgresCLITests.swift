import Foundation
import MeterwatchTestPostgres
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

    @Test func aWrongAddressIsAConfigurationErrorAndADeadServerIsUnavailable() throws {
        let cli = try PortfolioCLITests().harness()
        try cli.write(
            "bad.yaml",
            PortfolioCLITests.yaml.replacingOccurrences(
                of: "storage: { path: store.sqlite }", with: "storage: { path: store.sqlite, postgres: \"mysql://u@h/db\" }"))
        let bad = try cli.run(["compare", "--category", "electricity", "--period", "2025", "--config", "bad.yaml"])
        #expect(bad.status == 78 && bad.stderr.contains("bad.yaml:2:") && bad.stderr.contains("postgres://user"), "\(bad.stderr)")
        let port = PostgresTestServer.freePort()
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
}
