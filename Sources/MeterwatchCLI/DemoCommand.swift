import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// `meterwatch demo`: until the embedded city hall lands (simulated Modbus devices, dashboards),
/// the demo builds a real store from synthetic one-minute readings and prints what the engine
/// makes of them.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run Meterwatch on an embedded city hall (synthetic data).")

    @Option(help: "Folder for the demo's configuration and store (default: ./demo-data).") var data: String = "demo-data"
    @Option(help: "Days of one-minute history to generate.") var days: Int = 14

    static let configYAML = """
        # Meterwatch demo site: copy this as a starting point for your own meterwatch.yaml.
        site: { name: { en: "Taipei City Hall (demo)", zh-TW: "臺北市政大樓（示範）" }, timezone: Asia/Taipei }
        storage: { path: meterwatch.sqlite, raw_retention_days: 730 }
        meters:
          - { id: hall-power, name: { en: "Main incomer", zh-TW: "市政大樓總用電" }, category: electricity, unit: kWh, tags: [main] }
          - { id: hall-water, name: { en: "Main water", zh-TW: "總用水" }, category: water, unit: m3, tags: [main] }
          - { id: hall-power-bill, name: { en: "Taipower bill", zh-TW: "台電帳單" }, category: electricity, unit: kWh, tags: [bill] }
        kpis:
          - id: electricity-saving
            name: { zh-TW: 用電量較去年同期減少, en: Electricity saving vs last year }
            unit: "%"
            direction: higher
            target: 1
            derive: { compare: { category: electricity }, against: previous-year, value: reduction-percent }

        """

    func run() throws {
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        let configPath = (data as NSString).appendingPathComponent("meterwatch.yaml")
        if !FileManager.default.fileExists(atPath: configPath) {
            try Self.configYAML.write(toFile: configPath, atomically: true, encoding: .utf8)
        }
        let config = try SiteConfig.load(path: configPath)
        print("site configuration (\(configPath)):\n")
        print(try String(contentsOfFile: configPath, encoding: .utf8))
        let store = try MeterStore(path: config.storage.path, calendar: try LocalCalendar(timeZone: config.site.timeZone))
        let cal = store.calendar
        let today = cal.civilDate(at: Int64(Date().timeIntervalSince1970 * 1000))
        let firstDay = today.adding(days: -days)
        let start = cal.startOfDay(firstDay), end = cal.startOfDay(today)

        let power = SeriesSpec(key: SeriesKey(meter: "hall-power", quantity: .energyImport), kind: .counter, unit: "kWh")
        let water = SeriesSpec(key: SeriesKey(meter: "hall-water", quantity: .volume), kind: .counter, unit: "m3")
        let clock = Date()
        var report = IngestReport()
        var kwh = 1_000_000.0, m3 = 50_000.0
        var t = start
        while t < end {
            // One day per transaction, like a collector flushing its buffer.
            let dayEnd = min(end, cal.bucket(containing: t, resolution: .day).end)
            var p: [Sample] = [], w: [Sample] = []
            while t < dayEnd {
                p.append(Sample(ms: t, value: kwh)); w.append(Sample(ms: t, value: m3))
                let load = Synthetic.buildingLoadKW(at: t, calendar: cal)
                kwh += load / 60
                m3 += Synthetic.waterFlowM3h(at: t, calendar: cal) / 60
                t += msPerMinute
            }
            report += try store.ingest(samples: [power: p, water: w])
        }
        let seconds = Date().timeIntervalSince(clock)
        print("ingested \(report.inserted) new readings (\(report.unchanged) already stored) for \(days) days in \(String(format: "%.2f", seconds)) s into \(store.path)\n")

        let lastWeek = (cal.startOfDay(today.adding(days: -7)), end)
        let weekBefore = (cal.startOfDay(today.adding(days: -14)), cal.startOfDay(today.adding(days: -7)))
        for spec in [power, water] {
            guard let info = try store.series(spec.key) else { continue }
            let cur = try store.totals(series: [info.id], from: lastWeek.0, to: lastWeek.1)
            let base = try store.totals(series: [info.id], from: weekBefore.0, to: weekBefore.1)
            let change = cur.value - base.value
            let pct = base.value == 0 ? "n/a" : DisplayFormat.number(change / base.value * 100, decimals: 2, explicitPlus: true) + " %"
            print("\(spec.key.meter): last 7 days \(DisplayFormat.number(cur.value, decimals: 0)) \(info.unit) against the 7 days before \(DisplayFormat.number(base.value, decimals: 0)) \(info.unit): \(DisplayFormat.number(change, decimals: 0, explicitPlus: true)) \(info.unit), \(pct)")
        }
        print("\ntry: .build/debug/meterwatch query --config \(configPath) --meter hall-power --from \(today.adding(days: -2)) --to \(today) --resolution hour")
    }
}

/// Plausible building behaviour for demos and benchmarks: office-hours load, weekends lower,
/// night water baseline.
enum Synthetic {
    static func buildingLoadKW(at ms: Int64, calendar: LocalCalendar) -> Double {
        let local = calendar.rules.localMs(fromUTC: ms)
        let hour = Double(floorMod(local, msPerDay)) / Double(msPerHour)
        let weekday = calendar.civilDate(at: ms).isoWeekday
        let office = weekday <= 5 && hour >= 8 && hour < 18
        let ramp = office ? 1.0 : (weekday <= 5 && (hour >= 7 && hour < 8 || hour >= 18 && hour < 19) ? 0.6 : 0.0)
        return 900 + 1800 * ramp + 120 * sin(hour / 24 * 2 * .pi)
    }

    static func waterFlowM3h(at ms: Int64, calendar: LocalCalendar) -> Double {
        let hour = Double(floorMod(calendar.rules.localMs(fromUTC: ms), msPerDay)) / Double(msPerHour)
        return hour >= 7 && hour < 19 ? 22 : 1.5
    }
}
