import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDemo
import MeterwatchDevices
import MeterwatchEngine
import MeterwatchStore

/// Issue 8's second figure: a whole-site savings report on the demo city hall's two years of
/// 15-minute history, against reading the same days' data alone (the floor any method pays).
enum SavingsBench {
    static func run(workDir: String, calendar: LocalCalendar) throws {
        let catalog = ProfileCatalog(folders: [])
        let dir = workDir + "/cityhall"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = DemoSite.configYAML(gateway: "127.0.0.1:1502", rs485: nil, port: 0, fast: false)
        try yaml.write(toFile: dir + "/meterwatch.yaml", atomically: true, encoding: .utf8)
        let config = try SiteConfig.load(path: dir + "/meterwatch.yaml")
        var profiles: [String: DeviceProfile] = [:]
        for m in DemoSite.meters { profiles[m.profile] = try catalog.profile(m.profile) }
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let model = CityHall(anchor: .forToday(calendar.civilDate(at: now)), calendar: calendar)
        let backfill = CityHallBackfill(model: model, config: config, store: store, profiles: profiles, directory: dir)
        var summary: CityHallBackfill.Summary?
        let built = try seconds { summary = try backfill.run(until: now) }
        let facts = backfill.facts(now: now)
        let baseline = try Period.parse(facts.baselinePeriod)
        let reporting = try Period.parse(facts.reportingPeriod)
        print(
            "\n== Weather-normalised savings on the demo city hall (\(summary?.report.inserted ?? 0) readings, built in \(fmt(built, 1)) "
                + "s) =="
        )

        let selections: [Selection] =
            config.meters.filter { $0.category == .electricity && !$0.tags.contains("bill") }.map { .meter($0.id) }
            + [.category(.electricity), .category(.water), .meter("water-bill")]
        let comparison = ComparisonEngine(config: config, store: store)
        let engine = SavingsEngine(comparison: comparison)
        var siteTimes: [Double] = []
        var floorTimes: [Double] = []
        var reportTimes: [Double] = []
        var results: [SavingsEngine.Result] = []
        for _ in 0..<7 {
            siteTimes.append(
                try seconds { results = try selections.map { try engine.savings($0, baseline: baseline, reporting: reporting) } })
            // The floor: the same day rollups and daily temperatures, read and nothing else.
            floorTimes.append(
                try seconds {
                    let temp = try engine.temperatureSeries()
                    for s in selections {
                        let sel = try comparison.resolve(s)
                        for p in [baseline, reporting] {
                            let (a, b) = p.bounds(calendar)
                            for id in sel.seriesIDs {
                                _ = try store.rollups(series: id, resolution: .day, from: a, to: b)
                                _ = try store.intervalTotals(series: id, from: a, to: b)
                            }
                            _ = try DailyTemperature.means(store: store, series: temp.id, from: p.start, to: p.end)
                        }
                    }
                })
            reportTimes.append(
                try seconds {
                    let r = try ReportBuilder(engine: comparison).build(period: reporting, against: .period(baseline), language: .zhTW)
                    _ = ReportRenderer.markdown(r)
                })
        }
        print(
            "whole-site savings (\(selections.count) selections: \(selections.count - 3) electricity meters, the electricity and water "
                + "categories, the water bills): median \(fmt(median(siteTimes) * 1000, 1)) ms"
        )
        print(
            "baseline: reading the same day rollups and daily temperatures alone: median \(fmt(median(floorTimes) * 1000, 1)) ms; the "
                + "fits cost \(fmt(median(siteTimes) / median(floorTimes), 2))× the reads"
        )
        print("council report with weather-adjusted columns (md, zh-TW): median \(fmt(median(reportTimes) * 1000, 1)) ms")
        for r in results {
            print(
                "  \(r.selection): \(r.method.rawValue) \(r.model.kind.rawValue), savings \(fmt(r.savings, 0)) ± "
                    + "\(fmt(r.uncertainty.absolute, 0)) \(r.unit), CV(RMSE) \(fmt(r.statistics.cvrmse * 100, 1)) %"
            )
        }
        print("  planted lighting saving: \(fmt(facts.lightingSavingKWh, 0)) kWh")

        // A year of daily and a year of hourly data of the site meter: fit and savings. opendsm
        // 1.2.7 on the same exported data (Tests/MeterwatchEngineTests/Fixtures/*reference.json,
        // measured on this machine): daily "current" 4.8 s, "legacy" 1.2 s; hourly TOWT 7.5 s.
        var dailyTimes: [Double] = []
        var hourlyTimes: [Double] = []
        var daily: SavingsEngine.Result?
        var hourly: HourlySavings?
        for _ in 0..<5 {
            dailyTimes.append(try seconds { daily = try engine.savings(.category(.electricity), baseline: baseline, reporting: reporting) })
            hourlyTimes.append(
                try seconds { hourly = try engine.hourlySavings(.category(.electricity), baseline: baseline, reporting: reporting) })
        }
        if let d = daily, let h = hourly {
            print(
                "site meter, a year of daily data (\(d.structure.rawValue), \(d.candidates) candidates): median "
                    + "\(fmt(median(dailyTimes) * 1000, 1)) ms, savings \(fmt(d.savings, 0)) ± \(fmt(d.uncertainty.absolute, 0)) kWh, "
                    + "CV(RMSE) \(fmt(d.statistics.cvrmse * 100, 1)) %; opendsm daily 4.8 s (≈\(fmt(4.8 / median(dailyTimes), 0))× longer)")
            print(
                "site meter, a year of hourly data (TOWT, \(h.monthlyModels) monthly models, \(h.baselineHours) h): median "
                    + "\(fmt(median(hourlyTimes) * 1000, 1)) ms (fit alone \(fmt(h.fitSeconds * 1000, 1)) ms), savings "
                    + "\(fmt(h.savings, 0)) ± \(fmt(h.uncertainty.absolute, 0)) kWh, CV(RMSE) \(fmt(h.statistics.cvrmse * 100, 1)) %; "
                    + "opendsm hourly 7.5 s (≈\(fmt(7.5 / median(hourlyTimes), 0))× longer)")
        }
    }
}
