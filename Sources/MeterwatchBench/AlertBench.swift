import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchModbus
import MeterwatchStore

/// Issue 5's figures: the default-ish rules replayed over a year of noisy simulated data with
/// three planted events (a 10-day leak, a 40-minute burst, a day with the chillers stuck on).
/// Every firing is classed as a detection (overlaps a planted event) or a false alarm; for the
/// demand rule a false alarm is a firing whose interval's actual demand stayed under the limit.
enum AlertBench {
    /// A seeded generator (Core's SplitMix64), so every run sees the same year.
    struct Random {
        var seeded: SeededRandom
        init(state: UInt64) { seeded = SeededRandom(seed: state) }
        mutating func next() -> Double { seeded.unit() }
        mutating func gaussian() -> Double { sqrt(-2 * log(max(1e-12, next()))) * cos(2 * .pi * next()) }
    }

    static func run(workDir: String, calendar: LocalCalendar) throws {
        let start = calendar.startOfDay(CivilDate(year: 2025, month: 1, day: 1))
        let end = calendar.startOfDay(CivilDate(year: 2026, month: 1, day: 1))
        let leak = (
            calendar.startOfDay(CivilDate(year: 2025, month: 4, day: 7)), calendar.startOfDay(CivilDate(year: 2025, month: 4, day: 17))
        )
        let burstStart = calendar.startOfDay(CivilDate(year: 2025, month: 8, day: 12)) + 10 * msPerHour
        let burst = (burstStart, burstStart + 40 * msPerMinute)
        let stuck = (
            calendar.startOfDay(CivilDate(year: 2025, month: 7, day: 15)), calendar.startOfDay(CivilDate(year: 2025, month: 7, day: 16))
        )
        let contractKW = 1_250.0
        let yaml = """
            site: { name: Bench, timezone: \(calendar.timeZoneIdentifier) }
            storage: { path: \(workDir)/alerts.sqlite }
            meters:
              - { id: water, category: water }
              - { id: power, category: electricity }
            alerts:
              rules:
                - { id: leak, type: night_flow, meters: [water], threshold: 0.2, nights: 3 }
                - { id: continuous, type: continuous_flow, meters: [water], threshold: 0.05, hours: 24 }
                - { id: burst, type: high_flow, meters: [water], threshold: 15, for: 10m, clear_for: 10m }
                - { id: water-day, type: daily_use_anomaly, meters: [water], factor: 1.5 }
                - { id: power-day, type: daily_use_anomaly, meters: [power], factor: 1.3 }
                - { id: demand, type: demand, meters: [power], contract_kw: \(contractKW), share: 0.95, for: 0s }
                - { id: demand-held, type: demand, meters: [power], contract_kw: \(contractKW), share: 0.95, for: 5m }
            """
        let config = try SiteConfig.parse(yaml: yaml, file: "\(workDir)/alerts.yaml")
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        var rng = Random(state: 20251)

        // Water every 5 minutes: office-hours use, weekends at 30 %, day-to-day spread (σ 20 %),
        // cleaning on 12 % of nights (30–60 min at 1.2 m³/h), a 0.02 m³/h low-flow cut-off.
        var flow: [Sample] = []
        var volume: [Sample] = []
        var v = 10_000.0
        var dayFactor = 1.0
        var cleaning: (Int64, Int64)? = nil
        var t = start
        while t < end {
            let local = calendar.rules.localMs(fromUTC: t)
            if floorMod(local, msPerDay) == 0 {
                let weekday = calendar.civilDate(at: t).isoWeekday
                dayFactor = (weekday >= 6 ? 0.3 : 1) * max(0.3, 1 + 0.2 * rng.gaussian())
                cleaning =
                    rng.next() < 0.12 ? (t + Int64(rng.next() * 4.5 * Double(msPerHour)), Int64(30 + rng.next() * 30) * msPerMinute) : nil
            }
            var f = 6 * DevicePhysics.waterShape(localMs: local) * dayFactor * max(0, 1 + 0.1 * rng.gaussian())
            if let c = cleaning, t >= c.0, t < c.0 + c.1 { f += 1.2 }
            if t >= leak.0 && t < leak.1 { f += 0.3 }
            if t >= burst.0 && t < burst.1 { f += 20 }
            f += 0.005 * rng.gaussian()
            if f < 0.02 { f = 0 }
            flow.append(Sample(ms: t, value: f))
            volume.append(Sample(ms: t, value: v))
            v += f * 5 / 60
            t += 5 * msPerMinute
        }
        // Power every 5 minutes: the simulator's load curve, 800 kW peak (×1.25 June–September for
        // cooling), day-to-day σ 8 %, sample noise σ 4 %; chillers stuck on all of 15 July.
        var power: [Sample] = []
        var energy: [Sample] = []
        var e = 500_000.0
        t = start
        while t < end {
            let local = calendar.rules.localMs(fromUTC: t)
            if floorMod(local, msPerDay) == 0 { dayFactor = max(0.5, 1 + 0.08 * rng.gaussian()) }
            let month = calendar.civilDate(at: t).month
            var p =
                800_000 * DevicePhysics.loadShape(localMs: local) * (6...9).contains(month).ratio(1.25) * dayFactor
                * (1 + 0.04 * rng.gaussian())
            if t >= stuck.0 && t < stuck.1 { p += 350_000 }
            power.append(Sample(ms: t, value: p))
            energy.append(Sample(ms: t, value: e))
            e += p / 1000 / 12
            t += 5 * msPerMinute
        }
        func spec(_ meter: String, _ q: Quantity) -> SeriesSpec {
            SeriesSpec(key: SeriesKey(meter: meter, quantity: q), kind: q.canonical!.kind, unit: q.canonical!.unit)
        }
        try store.ingest(samples: [
            spec("water", .flowRate): flow, spec("water", .volume): volume,
            spec("power", .powerActive): power, spec("power", .energyImport): energy,
        ])

        let engine = AlertEngine(config: config, calendar: calendar)
        var book = MemoryAlertBook()
        let replaySeconds = try seconds {
            book = try AlertReplay.run(engine: engine, store: store, from: start, to: end, stepMs: 5 * msPerMinute)
        }
        let evaluations = Int((end - start) / (5 * msPerMinute))
        print(
            "alerts: replayed 7 rules over 2025 at a 5-minute step (\(evaluations) evaluations) in \(fmt(replaySeconds, 2)) s "
                + "(\(fmt(replaySeconds / Double(evaluations) * 1e6, 1)) µs per evaluation of all rules)")

        let fired = book.alerts.values.filter { $0.firedAtMs != nil }
        let evaluator = engine.evaluator
        let data = try AlertData(store: store)
        for rule in config.alerts.rules {
            let mine = fired.filter { $0.rule == rule.id }.sorted { $0.firedAtMs! < $1.firedAtMs! }
            var detections = 0
            var falseAlarms = 0
            var notes: [String] = []
            var firstDetection: Int64?
            for a in mine {
                let at = a.firedAtMs!
                let real: Bool
                switch rule.id {
                case "leak", "continuous": real = at >= leak.0 && at <= leak.1 + 2 * msPerDay
                case "burst": real = at >= burst.0 && at <= burst.1 + msPerHour
                case "water-day": real = (at >= leak.0 && at <= leak.1 + msPerDay) || (at >= burst.0 && at <= burst.1 + msPerDay)
                case "power-day": real = at >= stuck.0 && at <= stuck.1 + msPerDay
                default:
                    // Demand: did the interval's actual average exceed the limit?
                    let (s, _) = evaluator.demandInterval(containing: at, intervalMs: 900_000)
                    let actual = data.samples(SeriesKey(meter: "power", quantity: .powerActive), from: s, to: s + 899_999).map(\.value)
                    real = (actual.reduce(0, +) / Double(max(1, actual.count)) / 1000) > contractKW * 0.95
                }
                if real {
                    detections += 1
                    firstDetection = firstDetection ?? at
                } else {
                    falseAlarms += 1
                    if notes.count < 3 { notes.append(calendar.isoString(at)) }
                }
            }
            let delay =
                firstDetection.map { at -> String in
                    let onset: Int64? =
                        switch rule.id {
                        case "leak", "continuous": leak.0
                        case "burst": burst.0
                        case "power-day": stuck.0
                        default: nil
                        }
                    return onset.map { " first detection \(fmt(Double(at - $0) / Double(msPerHour), 1)) h after onset;" } ?? ""
                } ?? ""
            print(
                "  \(rule.id): \(mine.count) fired, \(detections) detections, \(falseAlarms) false alarms = "
                    + "\(fmt(Double(falseAlarms) / 12, 2)) per month;\(delay)"
                    + (notes.isEmpty ? "" : " e.g. \(notes.joined(separator: ", "))"))
        }
    }
}

extension Bool {
    fileprivate func ratio(_ factor: Double) -> Double { self ? factor : 1 }
}
