import Crypto
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchForward
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue 19's figures: 100 sites × 30 meters forwarding at once into one central (the release
/// `meterwatch serve`) over loopback, first on SQLite, then on PostgreSQL (a throwaway cluster on
/// loopback), against the same readings written straight into a store in this process; then the
/// portfolio of the 100 buildings through each central's API, and in this process on both, same
/// periods, same run.
enum ForwardBench {
    static func token(_ site: Int) -> String { "bench-edge-token-\(site)-0123456789" }

    static func run(workDir: String, calendar: LocalCalendar, full: Bool) async throws {
        let binary = ".build/release/meterwatch"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("forward: build the release CLI first (make bench does)")
            return
        }
        let sites = 100
        let meters = 30
        let step = 5 * msPerMinute
        let perMeter = full ? 7 * 288 : 288
        let end = Int64(Date().timeIntervalSince1970 * 1000) / step * step - msPerHour
        let start = end - Int64(perMeter) * step
        var yaml = "site: { name: Central, timezone: \(calendar.timeZoneIdentifier) }\nstorage: { path: \(workDir)/central.sqlite }\n"
        yaml += "sites:\n" + (0..<sites).map { "  - { id: s\($0), floor_area_m2: \(4_000 + $0 * 100) }\n" }.joined()
        yaml += "server:\n  tokens:\n"
        for s in 0..<sites {
            let digest = SHA256.hash(data: Data(token(s).utf8)).map { String(format: "%02x", $0) }.joined()
            yaml += "    - { name: s\(s), sha256: \(digest), site: s\(s) }\n"
        }
        yaml += "meters:\n"
        for s in 0..<sites { for m in 0..<meters { yaml += "  - { id: s\(s)-m\(m), site: s\(s), category: electricity, tags: [main] }\n" } }
        yaml += "kpis:\n  - { id: power-cut, target: 5, unit: \"%\", derive: { compare: { category: electricity } } }\n"
        try yaml.write(toFile: "\(workDir)/central.yaml", atomically: true, encoding: .utf8)

        // Each edge's store, with a day of 5-minute counters per meter, logged for forwarding.
        func readings(_ s: Int, _ m: Int) -> [Sample] {
            (0..<perMeter).map { i in
                Sample(ms: start + Int64(i) * step, value: 10_000 + Double(i) * (1 + Double((s * meters + m) % 17) * 0.1))
            }
        }
        func specs(_ s: Int) -> [SeriesSpec: [Sample]] {
            var out: [SeriesSpec: [Sample]] = [:]
            for m in 0..<meters {
                out[SeriesSpec(key: SeriesKey(meter: "s\(s)-m\(m)", quantity: .energyImport), kind: .counter, unit: "kWh")] = readings(s, m)
            }
            return out
        }
        var edges: [MeterStore] = []
        for s in 0..<sites {
            let store = try MeterStore(path: "\(workDir)/edge\(s).sqlite", calendar: calendar)
            try store.ingest(samples: specs(s))
            try store.enableForwarding()
            edges.append(store)
        }
        let total = sites * meters * perMeter

        // The baseline: the same readings written straight into one store, a site per transaction.
        let local = try MeterStore(path: "\(workDir)/local.sqlite", calendar: calendar)
        let localSeconds = try seconds { for s in 0..<sites { try local.ingest(samples: specs(s)) } }

        let year = calendar.civilDate(at: end).year
        print("\n== Forwarding (\(sites) sites × \(meters) meters × \(perMeter) readings = \(total) readings; all edges at once, loopback)")
        print("written straight (baseline, this process): \(fmt(Double(total) / localSeconds / 1e3, 1)) k readings/s")
        let sqliteCentral = try await forwardAll(edges, binary: binary, config: "\(workDir)/central.yaml", year: year)
        print(
            "into a SQLite central    : \(fmt(Double(sqliteCentral.readings) / sqliteCentral.seconds / 1e3, 1)) k readings/s "
                + "(\(sqliteCentral.requests) requests, \(fmt(sqliteCentral.seconds, 2)) s; "
                + "\(fmt(localSeconds / sqliteCentral.seconds, 2))× straight)\(sqliteCentral.failure); "
                + "central peak RSS \(sqliteCentral.peakKB) kB")

        // The same edges again, into a central on PostgreSQL (the release `serve` with storage.postgres).
        let database = try PostgresTestServer.freshDatabase()
        try yaml.replacingOccurrences(
            of: "storage: { path: \(workDir)/central.sqlite }",
            with: "storage: { path: \(workDir)/central-pg.sqlite, postgres: \"\(database)\" }"
        ).write(toFile: "\(workDir)/central-pg.yaml", atomically: true, encoding: .utf8)
        for edge in edges {
            try edge.disableForwarding()
            try edge.enableForwarding()
        }
        let pgCentral = try await forwardAll(edges, binary: binary, config: "\(workDir)/central-pg.yaml", year: year)
        print(
            "into a PostgreSQL central: \(fmt(Double(pgCentral.readings) / pgCentral.seconds / 1e3, 1)) k readings/s "
                + "(\(pgCentral.requests) requests, \(fmt(pgCentral.seconds, 2)) s; \(fmt(sqliteCentral.seconds / pgCentral.seconds, 2))× "
                + "the SQLite central's rate)\(pgCentral.failure); central peak RSS \(pgCentral.peakKB) kB")
        print(
            "portfolio of \(sites) buildings through the API, uncached: SQLite central median "
                + "\(fmt(median(sqliteCentral.portfolioMs), 1)) ms, "
                + "PostgreSQL central median \(fmt(median(pgCentral.portfolioMs), 1)) ms "
                + "(\(fmt(median(pgCentral.portfolioMs) / median(sqliteCentral.portfolioMs), 2))×)")

        try portfolioOnBothBackends(workDir: workDir, calendar: calendar, year: year, end: end, forwarded: database)
    }

    struct Delivery {
        var readings = 0
        var requests = 0
        var seconds = 0.0
        var failure = ""
        var peakKB = "?"
        var portfolioMs: [Double] = []
    }

    /// Starts the release `serve` on `config`, forwards every edge's log at once, then asks for the
    /// portfolio of seven periods (each new, so uncached), and stops the server.
    static func forwardAll(_ edges: [MeterStore], binary: String, config: String, year: Int) async throws -> Delivery {
        let (server, port) = try BenchServer.start(binary: binary, config: config)
        defer { BenchServer.stop(server) }
        try await Task.sleep(for: .seconds(2))
        let url = URL(string: "http://127.0.0.1:\(port)")!
        let began = DispatchTime.now().uptimeNanoseconds
        let rounds = await withTaskGroup(of: Forwarder.Round.self) { group in
            for (s, store) in edges.enumerated() {
                group.addTask {
                    var config = ForwardConfig(url: url, site: "s\(s)", token: token(s))
                    config.batchReadings = 20_000
                    return await Forwarder(config: config, store: store, clock: SystemClock()).forwardPending()
                }
            }
            return await group.reduce(into: [Forwarder.Round]()) { $0.append($1) }
        }
        var out = Delivery()
        out.seconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let failed = rounds.compactMap(\.error)
        out.failure = failed.isEmpty ? "" : "; \(failed.count) edges failed: \(failed[0])"
        out.readings = rounds.reduce(0) { $0 + $1.readings }
        out.requests = rounds.reduce(0) { $0 + $1.requests }
        out.peakKB =
            (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map {
                $0.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
            } ?? "?"
        for period in ["\(year)", "\(year)H2", "\(year)Q4", "\(year)-11", "\(year - 1)", "\(year)H1", "\(year)Q3"] {
            let t = DispatchTime.now().uptimeNanoseconds
            let (_, response) = try await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/api/v1/portfolio?period=\(period)")!)
            out.portfolioMs.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            if (response as? HTTPURLResponse)?.statusCode != 200 {
                print("portfolio \(period): HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
        }
        return out
    }

    /// The portfolio engine in this process on SQLite and on PostgreSQL, alternating per period.
    /// `forwarded`: the PostgreSQL central the edges forwarded into; the SQLite central is also
    /// copied into a fresh database (`db copy-to-postgres`), and the three must give the same figures.
    static func portfolioOnBothBackends(workDir: String, calendar: LocalCalendar, year: Int, end: Int64, forwarded: PostgresAddress) throws
    {
        let config = try SiteConfig.load(path: "\(workDir)/central.yaml")
        let sqlite = try MeterStore(path: "\(workDir)/central.sqlite", calendar: calendar)
        let copied = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: calendar)
        defer { copied.close() }
        let copySeconds = try seconds {
            _ = try StoreCopy.copy(
                from: sqlite, to: copied, siteOf: config.site(ofSeriesMeter:), fleetSite: config.fleetSite,
                deploymentSite: config.deploymentSite)
        }
        let postgres = try PostgresStore(address: forwarded, calendar: calendar)
        defer { postgres.close() }
        var times: [String: [Double]] = ["sqlite": [], "postgres": []]
        let sentBefore = postgres.statementsSent
        var identical = true
        for period in ["\(year)", "\(year)H2", "\(year)Q4", "\(year)-11", "\(year - 1)", "\(year)H1", "\(year)Q3"] {
            var results: [Portfolio] = []
            for (name, store) in [("sqlite", sqlite as any ReadingStore), ("postgres", postgres)] {
                let engine = PortfolioEngine(config: config, store: store, now: end)
                var result: Portfolio?
                times[name]!.append(
                    try seconds {
                        result = try engine.portfolio(.electricity, period: Period.parse(period), against: .previousYear)
                    } * 1000)
                results.append(result!)
            }
            identical = identical && results[0] == results[1]
            let fromCopy = try PortfolioEngine(config: config, store: copied, now: end).portfolio(
                .electricity, period: Period.parse(period), against: .previousYear)
            identical = identical && fromCopy == results[0]
        }
        let (a, b) = (median(times["sqlite"]!), median(times["postgres"]!))
        let perPortfolio = Double(postgres.statementsSent - sentBefore) / Double(times["postgres"]!.count)
        print(
            "\n== Portfolio of the central's 100 buildings in process: the SQLite central against the PostgreSQL central "
                + "(both forwarded into; a copy of the SQLite one made in \(fmt(copySeconds, 1)) s)")
        print("SQLite    : median \(fmt(a, 1)) ms")
        print("PostgreSQL: median \(fmt(b, 1)) ms (\(fmt(b / a, 2))× SQLite's time); figures identical (and to the copy's): \(identical)")
        print("statements per portfolio: \(fmt(perPortfolio, 0)) (\(fmt(b * 1000 / perPortfolio, 0)) µs each)")

        // A KPI for the whole and for each of the 100 buildings (`kpi evaluate --by-site`): 101 comparisons.
        var kpiTimes: [String: [Double]] = ["sqlite": [], "postgres": []]
        var kpisIdentical = true
        let kpiSentBefore = postgres.statementsSent
        for period in ["\(year)", "\(year)H2", "\(year)-11"] {
            var results: [[KPIResult]] = []
            for (name, store) in [("sqlite", sqlite as any ReadingStore), ("postgres", postgres)] {
                let evaluator = KPIEvaluator(engine: ComparisonEngine(config: config, store: store, now: end))
                var rows: [KPIResult] = []
                kpiTimes[name]!.append(try seconds { rows = try evaluator.evaluateByBuilding(period: Period.parse(period)) } * 1000)
                results.append(rows)
            }
            kpisIdentical = kpisIdentical && results[0] == results[1] && results[0].count == config.buildings.count + 1
        }
        let (ka, kb) = (median(kpiTimes["sqlite"]!), median(kpiTimes["postgres"]!))
        let perEvaluation = Double(postgres.statementsSent - kpiSentBefore) / Double(kpiTimes["postgres"]!.count)
        print("\n== A KPI for the whole and for each of the 100 buildings (kpi evaluate --by-site), in process")
        print("SQLite    : median \(fmt(ka, 1)) ms")
        print(
            "PostgreSQL: median \(fmt(kb, 1)) ms (\(fmt(kb / ka, 2))× SQLite's time), \(fmt(perEvaluation, 0)) statements; "
                + "figures identical: \(kpisIdentical)")
    }
}
