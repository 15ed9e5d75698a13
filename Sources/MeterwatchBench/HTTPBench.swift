import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Issue 6's figures: `wrk` (32 connections) against the real `meterwatch serve` (release build)
/// on `/api/v1/compare` and the overview page, while this process ingests 1,000 samples per
/// second into the same store; side by side, the same endpoints with no ingest and `/healthz`.
enum HTTPBench {
    struct WrkResult {
        var rps: Double
        var p99ms: Double
        var errors: Int
    }

    static func wrk(_ url: String, seconds: Int = 8, headers: [String] = []) throws -> WrkResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["wrk", "-t2", "-c32", "-d\(seconds)s", "--latency"] + headers.flatMap { ["-H", $0] } + [url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        func value(after label: String) -> String? {
            text.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) }.map {
                $0.trimmingCharacters(in: .whitespaces).dropFirst(label.count).trimmingCharacters(in: .whitespaces)
            }
        }
        let rps = Double(value(after: "Requests/sec:") ?? "0") ?? 0
        let p99Text = value(after: "99%") ?? "0ms"
        var p99 = 0.0
        if p99Text.hasSuffix("ms") {
            p99 = Double(p99Text.dropLast(2)) ?? 0
        } else if p99Text.hasSuffix("us") {
            p99 = (Double(p99Text.dropLast(2)) ?? 0) / 1000
        } else if p99Text.hasSuffix("s") {
            p99 = (Double(p99Text.dropLast(1)) ?? 0) * 1000
        }
        var errors = 0
        if let line = value(after: "Non-2xx or 3xx responses:") { errors += Int(line) ?? 0 }
        if let line = value(after: "Socket errors:") {
            errors += line.split(separator: ",").compactMap { Int($0.split(separator: " ").last ?? "") }.reduce(0, +)
        }
        return WrkResult(rps: rps, p99ms: p99, errors: errors)
    }

    static func run(workDir: String, calendar: LocalCalendar) throws {
        let binary = ".build/release/meterwatch"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("http: build the release CLI first (make bench does)")
            return
        }
        let meters = 20
        let (store, end) = try makeSite(workDir: workDir, name: "http", calendar: calendar, meters: meters)
        let (server, port) = try BenchServer.start(binary: binary, config: "\(workDir)/http.yaml")
        defer { BenchServer.stop(server) }
        Thread.sleep(forTimeInterval: 1.5)
        let base = "http://127.0.0.1:\(port)"
        let year = calendar.civilDate(at: end).year
        let compare = "\(base)/api/v1/compare?category=electricity&period=\(year - 1)H2"
        let overview = "\(base)/?lang=zh-TW"
        print(
            "\n== HTTP (wrk -t2 -c32, 8 s each; \(meters + 1) meters × 2 years of 15-minute data; release build; 2 cores shared by wrk, "
                + "server and ingest)"
        )
        var rows: [(String, WrkResult)] = []
        rows.append(("/healthz (baseline), no ingest", try wrk("\(base)/healthz")))
        rows.append(("/api/v1/compare, no ingest", try wrk(compare)))
        rows.append(("overview page, no ingest", try wrk(overview)))

        // 1,000 samples per second into the store from this process (100 every 100 ms).
        let live = SeriesSpec(key: SeriesKey(meter: "live", quantity: .powerActive), kind: .gauge, unit: "W")
        let stop = LockedValue(false)
        let written = LockedValue(0)
        let writer = Thread {
            // A reading a millisecond apart, starting a minute ago: the batches keep pace with the
            // clock, so that the store's time bound (a day ahead at most) never refuses one.
            var ms = Int64(Date().timeIntervalSince1970 * 1000) - 60_000
            let began = Date()
            while !stop.load() {
                let target = Int(Date().timeIntervalSince(began) * 1000)
                if written.load() < target {
                    let batch = (0..<100).map { i in Sample(ms: ms + Int64(i), value: Double(i)) }
                    ms += 100
                    if (try? store.ingest(samples: [live: batch])) != nil { written.add(100) }
                } else {
                    Thread.sleep(forTimeInterval: 0.01)
                }
            }
        }
        let ingestStart = Date()
        writer.start()
        rows.append(("/api/v1/compare, ingesting", try wrk(compare)))
        rows.append(("overview page, ingesting", try wrk(overview)))
        stop.store(true)
        let rate = Double(written.load()) / Date().timeIntervalSince(ingestStart)
        for (name, r) in rows {
            print("\(name): \(fmt(r.rps, 0)) req/s, p99 \(fmt(r.p99ms, 2)) ms\(r.errors > 0 ? ", \(r.errors) errors" : "")")
        }
        print("ingest while loaded: \(fmt(rate, 0)) samples/s (goal 1,000)")
        print(
            "compare under ingest: \(fmt(rows[3].1.rps / max(1, rows[1].1.rps) * 100, 0)) % of its throughput without; overview "
                + "\(fmt(rows[4].1.rps / max(1, rows[2].1.rps) * 100, 0)) %"
        )
    }

    /// A site of `meters` electricity meters and a water meter, with two years of 15-minute counters up
    /// to now (so that "today" and "this month" have data): its store and the data's end.
    static func makeSite(
        workDir: String, name: String, calendar: LocalCalendar, meters: Int, extraYAML: String = ""
    ) throws -> (MeterStore, Int64) {
        var yaml = "site: { name: Bench Hall, timezone: \(calendar.timeZoneIdentifier) }\nstorage: { path: \(workDir)/\(name).sqlite }\n"
        yaml += "server: { dashboards: \(FileManager.default.currentDirectoryPath)/Dashboards }\nmeters:\n"
        for i in 1...meters { yaml += "  - { id: m\(i), category: electricity, tags: [main] }\n" }
        yaml += "  - { id: water, category: water, tags: [main] }\n  - { id: live, category: electricity }\n" + extraYAML
        try yaml.write(toFile: "\(workDir)/\(name).yaml", atomically: true, encoding: .utf8)
        let config = try SiteConfig.parse(yaml: yaml, file: "\(workDir)/\(name).yaml")
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        let step = 15 * msPerMinute
        let end = Int64(Date().timeIntervalSince1970 * 1000) / step * step
        let start = end - 730 * msPerDay
        let specs =
            (1...meters).map { SeriesSpec(key: SeriesKey(meter: "m\($0)", quantity: .energyImport), kind: .counter, unit: "kWh") }
            + [SeriesSpec(key: SeriesKey(meter: "water", quantity: .volume), kind: .counter, unit: "m3")]
        var t = start
        while t < end {
            let chunkEnd = min(end, t + 30 * msPerDay)
            var batch: [SeriesSpec: [Sample]] = [:]
            for (k, spec) in specs.enumerated() {
                batch[spec] = stride(from: t, to: chunkEnd, by: Int(step)).map { ms in
                    Sample(ms: ms, value: Double(ms - start) / Double(step) * (0.2 + Double(k) * 0.01))
                }
            }
            try store.ingest(samples: batch)
            t = chunkEnd
        }
        return (store, end)
    }
}
