import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// Issue 4's figures: a year-on-year comparison of a category of 100 meters with 2 years of data,
/// and a full council report, against computing the same total from raw readings.
enum EngineBench {
    static func run(workDir: String, calendar: LocalCalendar, full: Bool) throws {
        let meters = 100
        let step = full ? msPerMinute : 15 * msPerMinute
        var yaml = "site: { name: Bench, timezone: \(calendar.timeZoneIdentifier) }\nstorage: { path: \(workDir)/engine.sqlite }\nmeters:\n"
        for i in 1...meters { yaml += "  - { id: m\(i), category: electricity, unit: kWh, tags: [main] }\n" }
        yaml += "  - { id: water, category: water, unit: m3, tags: [main] }\n"
        yaml +=
            "kpis:\n  - { id: budget, unit: \"%\", target: 95 }\n  - id: saving\n    unit: \"%\"\n    target: 1\n    derive: { compare: { "
            + "category: electricity }, value: reduction-percent }\n"
        let config = try SiteConfig.parse(yaml: yaml, file: "\(workDir)/bench.yaml")
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        let start = calendar.startOfDay(CivilDate(year: 2024, month: 1, day: 1))
        let end = calendar.startOfDay(CivilDate(year: 2026, month: 1, day: 1))
        let perMeter = Int((end - start) / step)
        print(
            "\n== Comparison engine (\(meters) electricity meters × 2 years of \(full ? "1-minute" : "15-minute") readings = "
                + "\(perMeter * meters) points)"
        )
        let specs = (1...meters).map { SeriesSpec(key: SeriesKey(meter: "m\($0)", quantity: .energyImport), kind: .counter, unit: "kWh") }
        let build = try seconds {
            var n = 0
            while n < perMeter {
                let chunk = min(perMeter - n, Int(30 * msPerDay / step))
                var batch: [SeriesSpec: [Sample]] = [:]
                for (k, spec) in specs.enumerated() {
                    batch[spec] = (n..<(n + chunk)).map { i in
                        Sample(ms: start + Int64(i) * step, value: Double(i) * (0.2 + Double(k) * 0.001))
                    }
                }
                try store.ingest(samples: batch)
                n += chunk
            }
        }
        print("built in \(fmt(build, 1)) s")
        try store.setKPIActual(KPIActual(kpi: "budget", period: "2025H2", actual: 92.39, enteredBy: "bench", enteredAtMs: 0))
        let engine = ComparisonEngine(config: config, store: store)
        let period = try Period.parse("2025H2")
        var compareTimes: [Double] = []
        var reportTimes: [Double] = []
        var result: Comparison?
        for _ in 0..<30 {
            compareTimes.append(
                try seconds { result = try engine.compare(.category(.electricity), period: period, against: .previousYear) })
            reportTimes.append(
                try seconds {
                    let r = try ReportBuilder(engine: engine).build(period: period, against: .previousYear, language: .zhTW)
                    _ = ReportRenderer.markdown(r)
                })
        }
        print(
            "compare category (100 meters, 2025H2 vs 2024H2): median \(fmt(median(compareTimes) * 1000, 3)) ms, p99 "
                + "\(fmt(percentile(compareTimes, 0.99) * 1000, 3)) ms (goal < 10 ms); change \(fmt(result!.change?.percent ?? 0, 4)) %"
        )
        print(
            "full council report (md, zh-TW, KPIs, carbon): median \(fmt(median(reportTimes) * 1000, 3)) ms, p99 "
                + "\(fmt(percentile(reportTimes, 0.99) * 1000, 3)) ms (goal < 100 ms)"
        )
        // Baseline: the same category total for the current half-year from raw readings.
        var raw = CompensatedSum()
        let (a, b) = period.bounds(calendar)
        let rawTime = try seconds {
            for spec in specs {
                guard let info = try store.series(spec.key) else { continue }
                let s = try store.samples(series: info.id, from: a, to: b + step)
                raw.add((s.last?.value ?? 0) - (s.first?.value ?? 0))
            }
        }
        print(
            "baseline: the current half-year from raw readings: \(fmt(rawTime * 1000, 1)) ms (\(fmt(rawTime / median(compareTimes), 0))× "
                + "the comparison's time); totals agree to \(String(format: "%.2e", abs(raw.value - result!.current.value) / raw.value)) "
                + "relative"
        )
    }
}
