import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import MeterwatchTestSupport
import Testing

@testable import MeterwatchEngine

/// The same data on the embedded SQLite store and on the PostgreSQL central give the same figures to
/// the last digit: rollups (SQLite's kept write by write, PostgreSQL's recomputed whole), comparisons,
/// month tables, savings models, the council report and the portfolio.
@Suite struct BackendParityTests {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// Every rollup of every series, keyed by series key (ids differ between the stores).
    static func rollups(_ store: any ReadingStore) throws -> [String: [RollupBucket]] {
        var out: [String: [RollupBucket]] = [:]
        for info in try store.allSeries() {
            for res in Resolution.allCases {
                out["\(info.key)/\(res)"] = try store.rollups(series: info.id, resolution: res, from: .min, to: .max)
            }
        }
        return out
    }

    @Test func savingsReportAndComparisonsAreIdentical() throws {
        let site = try SavingsEngineTests.site(.postgres)
        let sqlite = ComparisonEngine(config: site.config, store: site.store)
        let postgres = try site.engine
        #expect(postgres.store is PostgresStore)
        let a = try Self.rollups(site.store)
        let b = try Self.rollups(postgres.store)
        #expect(a.keys.sorted() == b.keys.sorted() && !a.isEmpty)
        for key in a.keys.sorted() {
            #expect(a[key] == b[key], "rollups of \(key) differ")
        }
        #expect(a.values.reduce(0) { $0 + $1.count } > 20_000)
        for period in ["2025", "2025H1", "2025-03", "2025-02-10..2025-04-20"] {
            for selection in [Selection.category(.electricity), .meter("hall"), .meter("hall-bill"), .tag("bill")] {
                let x = try sqlite.compare(selection, period: Period.parse(period), against: .previousYear)
                let y = try postgres.compare(selection, period: Period.parse(period), against: .previousYear)
                #expect(x == y, "\(selection) \(period)")
            }
        }
        let months = try sqlite.monthly(try sqlite.resolve(.category(.electricity)), period: Period.parse("2025"), against: .previousYear)
        #expect(
            months
                == (try postgres.monthly(
                    try postgres.resolve(.category(.electricity)), period: Period.parse("2025"), against: .previousYear)))
        for meter in ["hall", "hall-bill"] {
            let x = try SavingsEngine(comparison: sqlite).savings(
                .meter(meter), baseline: Period.parse("2024"), reporting: Period.parse("2025"))
            let y = try SavingsEngine(comparison: postgres).savings(
                .meter(meter), baseline: Period.parse("2024"), reporting: Period.parse("2025"))
            #expect(try Self.json(x) == Self.json(y), "savings of \(meter)")
        }
        var hourlyA = try SavingsEngine(comparison: sqlite).hourlySavings(
            .meter("hall"), baseline: Period.parse("2024"), reporting: Period.parse("2025"))
        var hourlyB = try SavingsEngine(comparison: postgres).hourlySavings(
            .meter("hall"), baseline: Period.parse("2024"), reporting: Period.parse("2025"))
        // The time the fit took is the one figure that may differ.
        hourlyA.fitSeconds = 0
        hourlyB.fitSeconds = 0
        #expect(try Self.json(hourlyA) == Self.json(hourlyB))
        for language in [Language.en, .zhTW] {
            let x = try ReportBuilder(engine: sqlite).build(period: Period.parse("2025"), against: .previousYear, language: language)
            let y = try ReportBuilder(engine: postgres).build(period: Period.parse("2025"), against: .previousYear, language: language)
            #expect(try Self.json(x) == Self.json(y))
            #expect(ReportRenderer.markdown(x) == ReportRenderer.markdown(y))
        }
    }

    /// Minute readings of a counter with glitches, a rollover, a reset, gaps and a meter
    /// replacement, imported in many small batches (SQLite recomputes per write; the central once).
    @Test(arguments: [1, 2, 3]) func counterRollupsMatchWriteByWrite(seed: UInt64) throws {
        let site = try TestSite(
            """
            site: { name: Test, timezone: America/New_York }
            meters:
              - { id: m, category: electricity, unit: kWh, max_gap: 2h, counter: { rollover_at: 100000, max_rate_per_hour: 5000 } }
              - { id: p, category: electricity, unit: kWh }
            """, backend: .postgres)
        var rng = SeededRandom(seed: seed)
        let parser = TimeParser(calendar: site.store.calendar)
        var t = try parser.parseInstant("2024-03-09T00:00:00-05:00")  // across a DST change
        var value = 99_000.0
        var rows: [String] = []
        for i in 0..<6_000 {
            t += msPerMinute * Int64(Int.random(in: 1...3, using: &rng))
            if i % 997 == 0 { t += 3 * 3_600_000 }  // a gap longer than max_gap
            value += Double.random(in: 0...2, using: &rng)
            if value >= 100_000 { value -= 100_000 }
            var shown = value
            if i % 613 == 5 { shown = (value + 50_000).truncatingRemainder(dividingBy: 100_000) }  // a glitch
            rows.append("m,\(LocalCalendar(rules: .utc).isoString(t)),\(shown)")
            rows.append("p,\(LocalCalendar(rules: .utc).isoString(t)),\(Double.random(in: 0...30, using: &rng))")
        }
        for batch in stride(from: 0, to: rows.count, by: 700).map({ rows[$0..<min(rows.count, $0 + 700)] }).shuffled(using: &rng) {
            try site.importReadings("meter,time,value\n" + batch.joined(separator: "\n") + "\n")
        }
        let series = try #require(try site.store.series(SeriesKey(meter: "m", quantity: .energyImport)))
        try site.store.recordReplacement(series: series.id, CounterReplacement(ms: t - 2_000 * msPerMinute, oldFinal: 12, newInitial: 3))
        // The counter with faults: SQLite's rollups, kept write by write over shuffled batches,
        // equal the central's, computed once from all readings.
        let central = try site.readings
        let energy = "m/energy_import/"
        let written = try Self.rollups(site.store).filter { $0.key.hasPrefix(energy) }
        let recomputed = try Self.rollups(central).filter { $0.key.hasPrefix(energy) }
        #expect(written.count == 4 && written.keys.sorted() == recomputed.keys.sorted())
        for key in written.keys.sorted() {
            #expect(written[key] == recomputed[key], "rollups of \(key) differ")
        }
        // `p` is noise read as a counter (every reading a reset or a glitch). There the write-by-write
        // classification depends on history beyond its context window, and differs from a rebuild
        // (noted in issue 19); the central equals SQLite's own rebuild.
        try site.store.rebuildRollups()
        let a = try Self.rollups(site.store)
        let b = try Self.rollups(central)
        #expect(a.keys.sorted() == b.keys.sorted())
        for key in a.keys.sorted() {
            #expect(a[key] == b[key], "rollups of \(key) differ after the rebuild")
        }
        let engineA = ComparisonEngine(config: site.config, store: site.store)
        let engineB = ComparisonEngine(config: site.config, store: central)
        for period in ["2024-03", "2024-03-10..2024-03-12", "2024"] {
            let x = try engineA.compare(.category(.electricity), period: Period.parse(period), against: .previousPeriod)
            let y = try engineB.compare(.category(.electricity), period: Period.parse(period), against: .previousPeriod)
            #expect(x == y)
        }
    }

    @Test func portfolioOfFiveBuildingsIsIdentical() throws {
        let site = try PortfolioTests().site(.postgres)
        let now = try TimeParser(calendar: site.store.calendar).parseInstant("2026-03-15T12:00:00+08:00")
        let x = try PortfolioEngine(config: site.config, store: site.store, now: now).portfolio(
            .electricity, period: Period.parse("2025"), against: .previousYear)
        let y = try PortfolioEngine(config: site.config, store: try site.readings, now: now).portfolio(
            .electricity, period: Period.parse("2025"), against: .previousYear)
        #expect(x == y)
        #expect(x.rows.contains { $0.intensity != nil })
    }

    @Test func aBadAddressOrADeadServerIsAClearError() throws {
        #expect(throws: PostgresStoreError.self) { try PostgresAddress("mysql://u@h/db") }
        #expect(throws: PostgresStoreError.self) { try PostgresAddress("postgres://h/db") }
        #expect(throws: PostgresStoreError.self) { try PostgresAddress("postgres://u@h/") }
        let a = try PostgresAddress("postgres://mw:secret@db.example:6543/central")
        #expect(a.port == 6543 && a.database == "central" && a.description == "postgres://mw@db.example:6543/central")
        // A closed loopback port: refused, named, without the password.
        let dead = try PostgresAddress("postgres://mw:secret@127.0.0.1:\(freeLoopbackPort())/central")
        do {
            _ = try PostgresStore(address: dead, calendar: LocalCalendar(rules: .utc))
            Issue.record("connected to a closed port")
        } catch let e as PostgresStoreError {
            guard case .unreachable(let place, _) = e else {
                Issue.record("\(e)")
                return
            }
            #expect(place == "postgres://mw@127.0.0.1:\(dead.port)/central")
            #expect(!e.description.contains("secret"))
        }
    }

    @Test func theSchemaIsPartitionedByMonthAndKeyedBySiteFirst() throws {
        let site = try SavingsEngineTests.site(.postgres)
        let central = try #require(try site.readings as? PostgresStore)
        let partitions = try central.partitionNames(of: "sample")
        // Daily readings over 2024 and 2025 (UTC months), and the closing reading of 1 January 2026.
        #expect(partitions.contains("sample_p202401") && partitions.contains("sample_p202512"))
        #expect(try central.primaryKeyColumns(of: "sample") == ["site_id", "series", "ts"])
        #expect(try central.primaryKeyColumns(of: "rollup") == ["site_id", "series", "resolution", "start"])
        // A second store opening the same database finds the schema and keeps it, even read-only
        // (as on a streaming replica): a current schema needs no statement that writes.
        try PostgresTestServer.psql(central.address, "ALTER DATABASE \(central.address.database) SET default_transaction_read_only = on")
        let again = try PostgresStore(address: central.address, calendar: site.store.calendar)
        defer { again.close() }
        #expect(try again.allSeries().count == site.store.allSeries().count)
        let engine = ComparisonEngine(config: site.config, store: again)
        #expect(try engine.compare(.meter("hall"), period: Period.parse("2025"), against: .previousYear).current.value > 0)
    }

    @Test func aMeterMovedToAnotherBuildingIsCopiedOnce() throws {
        let central = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: LocalCalendar(rules: .utc))
        defer { central.close() }
        let info = SeriesInfo(
            id: 0, key: SeriesKey(meter: "m", quantity: .energyImport), kind: .counter, unit: "kWh", rules: CounterRules())
        let readings = (0..<200).map { Sample(ms: Int64($0) * 300_000, value: Double($0)) }
        let first = try central.replaceSeries(info, site: "hall", samples: readings)
        let moved = try central.replaceSeries(info, site: "library", samples: Array(readings.prefix(100)))
        #expect(first != moved)
        #expect(try central.allSeries().map(\.id) == [moved])
        #expect(try central.samples(series: moved, from: .min, to: .max).count == 100)
        #expect(try central.samples(series: first, from: .min, to: .max).isEmpty)
        #expect(try central.totals(series: [moved], from: 0, to: 100 * 300_000).value == 99)
    }
}
