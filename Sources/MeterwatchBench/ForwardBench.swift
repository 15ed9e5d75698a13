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
/// `meterwatch serve`, SQLite) over loopback, against the same readings written straight into a
/// store in this process; then the portfolio of the 100 buildings from the central's API, and in this
/// process on the central's SQLite store against the same store copied into PostgreSQL (a throwaway
/// cluster on loopback), same periods, same run.
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

        let (server, port) = try BenchServer.start(binary: binary, config: "\(workDir)/central.yaml")
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
        let forwardSeconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9
        let failed = rounds.compactMap(\.error)
        let sent = rounds.reduce(0) { $0 + $1.readings }
        let requests = rounds.reduce(0) { $0 + $1.requests }
        let peak =
            (try? String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("VmHWM:") }.map {
                $0.split(separator: " ").dropFirst().first.map(String.init) ?? "?"
            } ?? "?"
        print("\n== Forwarding (\(sites) sites × \(meters) meters × \(perMeter) readings = \(total) readings; all edges at once, loopback)")
        let failures = failed.isEmpty ? "" : "; \(failed.count) edges failed: \(failed[0])"
        print(
            "forwarded to the central : \(fmt(Double(sent) / forwardSeconds / 1e3, 1)) k readings/s (\(requests) requests, "
                + "\(fmt(forwardSeconds, 2)) s)\(failures)")
        print("written straight (baseline, this process): \(fmt(Double(total) / localSeconds / 1e3, 1)) k readings/s")
        print("ratio forwarded/straight : \(fmt(localSeconds / forwardSeconds, 2)); central peak RSS \(peak) kB")

        // The portfolio of the 100 buildings at the central: a new period each time (not cached).
        var latencies: [Double] = []
        let year = calendar.civilDate(at: end).year
        for period in ["\(year)", "\(year)H2", "\(year)Q4", "\(year)-11", "\(year - 1)", "\(year)H1", "\(year)Q3"] {
            let t = DispatchTime.now().uptimeNanoseconds
            let (_, response) = try await URLSession.shared.data(
                from: URL(string: "http://127.0.0.1:\(port)/api/v1/portfolio?period=\(period)")!)
            latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
            if (response as? HTTPURLResponse)?.statusCode != 200 {
                print("portfolio \(period): HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
        }
        print(
            "portfolio of \(sites) buildings (SQLite central, uncached): median \(fmt(median(latencies), 1)) ms, "
                + "max \(fmt(latencies.max() ?? 0, 1)) ms")

        try portfolioOnBothBackends(workDir: workDir, calendar: calendar, year: year, end: end)
    }

    /// The portfolio engine in this process on SQLite and on PostgreSQL, alternating per period.
    static func portfolioOnBothBackends(workDir: String, calendar: LocalCalendar, year: Int, end: Int64) throws {
        let config = try SiteConfig.load(path: "\(workDir)/central.yaml")
        let sqlite = try MeterStore(path: "\(workDir)/central.sqlite", calendar: calendar)
        let postgres = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: calendar)
        defer { postgres.close() }
        let copySeconds = try seconds {
            _ = try StoreCopy.copy(
                from: sqlite, to: postgres, siteOf: { config.meter(id: $0)?.site ?? "s0" }, fleetSite: "s0", deploymentSite: "s0")
        }
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
        }
        let (a, b) = (median(times["sqlite"]!), median(times["postgres"]!))
        let perPortfolio = Double(postgres.statementsSent - sentBefore) / Double(times["postgres"]!.count)
        print("\n== Portfolio of the central's 100 buildings in process, SQLite against PostgreSQL (copied in \(fmt(copySeconds, 1)) s)")
        print("SQLite    : median \(fmt(a, 1)) ms")
        print("PostgreSQL: median \(fmt(b, 1)) ms (\(fmt(b / a, 2))× SQLite's time); figures identical: \(identical)")
        print("statements per portfolio: \(fmt(perPortfolio, 0)) (\(fmt(b * 1000 / perPortfolio, 0)) µs each)")
    }
}
