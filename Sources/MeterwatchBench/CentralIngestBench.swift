import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres

/// What a central's store costs per forwarded batch, in this process: 100 buildings × 30 meters × a
/// day of 5-minute counters, one building's batch per transaction (what `POST …/forward` does), into
/// the SQLite store and into PostgreSQL (a throwaway cluster on loopback), same run.
enum CentralIngestBench {
    static func run(workDir: String, calendar: LocalCalendar) throws {
        let sites = 100
        let meters = 30
        let perMeter = 288
        let step = 5 * msPerMinute
        let end = Int64(Date().timeIntervalSince1970 * 1000) / step * step - msPerHour
        let start = end - Int64(perMeter) * step
        func batch(_ s: Int) -> [SeriesSpec: [Sample]] {
            var out: [SeriesSpec: [Sample]] = [:]
            for m in 0..<meters {
                let spec = SeriesSpec(key: SeriesKey(meter: "s\(s)-m\(m)", quantity: .energyImport), kind: .counter, unit: "kWh")
                out[spec] = (0..<perMeter).map { i in
                    Sample(ms: start + Int64(i) * step, value: 10_000 + Double(i) * (1 + Double((s * meters + m) % 17) * 0.1))
                }
            }
            return out
        }
        let batches = (0..<sites).map(batch)
        let total = sites * meters * perMeter
        let sqlite = try MeterStore(path: "\(workDir)/central-ingest.sqlite", calendar: calendar)
        let postgres = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: calendar)
        defer { postgres.close() }
        let sqliteSeconds = try seconds {
            for (s, b) in batches.enumerated() { _ = try sqlite.ingest(samples: b, intervals: [:], site: "s\(s)") }
        }
        let sent = postgres.statementsSent
        let postgresSeconds = try seconds {
            for (s, b) in batches.enumerated() { try postgres.ingest(samples: b, site: "s\(s)") }
        }
        let statements = Double(postgres.statementsSent - sent) / Double(sites)
        // Sent again: every reading unchanged, nothing rewritten.
        let againSeconds = try seconds {
            for (s, b) in batches.enumerated() { try postgres.ingest(samples: b, site: "s\(s)") }
        }
        print("\n== A central's store, one building's batch per transaction (\(sites) × \(meters) meters × \(perMeter) readings)")
        let perBatch = { (seconds: Double) in fmt(seconds * 1000 / Double(sites), 1) }
        print("SQLite    : \(fmt(Double(total) / sqliteSeconds / 1e3, 1)) k readings/s (\(perBatch(sqliteSeconds)) ms a batch)")
        print(
            "PostgreSQL: \(fmt(Double(total) / postgresSeconds / 1e3, 1)) k readings/s (\(perBatch(postgresSeconds)) ms "
                + "a batch, \(fmt(postgresSeconds / sqliteSeconds, 2))× SQLite's time; \(fmt(statements, 0)) statements a batch)")
        print("PostgreSQL, the same batches again (unchanged): \(fmt(againSeconds * 1000 / Double(sites), 1)) ms a batch")
    }
}
