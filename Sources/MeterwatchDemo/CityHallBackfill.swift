import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchImport
import MeterwatchStore

/// Fills a store with the city hall's history: every metered counter at 15-minute resolution
/// from the anchor's start (or from the last stored reading, on a restart) up to now, monthly
/// water bills, the fleet's fuel log and the weather station's hourly temperatures.
///
/// Idempotent: a restart writes only what is missing, and re-imports of the bills and the fuel
/// log find their rows already stored.
public struct CityHallBackfill {
    public let model: CityHall
    public let config: SiteConfig
    public let store: MeterStore
    /// Device profiles by id, to store counters exactly as the devices will report them.
    public let profiles: [String: DeviceProfile]
    /// Where generated files (fuel log, bills, weather) go.
    public let directory: String

    public init(model: CityHall, config: SiteConfig, store: MeterStore, profiles: [String: DeviceProfile], directory: String) {
        self.model = model
        self.config = config
        self.store = store
        self.profiles = profiles
        self.directory = directory
    }

    public struct Summary: Sendable {
        public var report = IngestReport()
        public var fuelRows = 0
        public var billRows = 0
        public var files: [String] = []
    }

    /// The rate (per hour) a meter's counter grows at `ms`, and the period it is constant over.
    static func rate(_ model: CityHall, _ meter: DemoMeter, leakFrom: Int64? = nil) -> (periodMs: Int64, rate: @Sendable (Int64) -> Double)
    {
        switch meter.source {
        case .main: return (CityHall.slotMs, { model.mainPowerKW(at: $0) })
        case .circuit(let c): return (CityHall.slotMs, { model.powerKW(c, at: $0) })
        case .storage: return (CityHall.slotMs, { max(0, model.powerKW(.storage, at: $0)) })
        case .mainWater: return (CityHall.slotMs, { model.mainWaterFlow(at: $0) })
        case .zoneWater: return (CityHall.zonePeriodMs, { model.zoneWaterFlow(at: $0, leakFrom: leakFrom) })
        case .ups: return (CityHall.slotMs, { _ in 0 })
        case let .annex(scale, drift): return (CityHall.slotMs, { model.annexPowerKW(scale: scale, driftPerYear: drift, at: $0) })
        }
    }

    /// Fills the store with `meters`' history (default: the city hall's), and with `files` the fuel
    /// log, the weather and the water bills (an edge's store takes its own meter only).
    public func run(until now: Int64, meters: [DemoMeter] = DemoSite.meters.filter { $0.site == "city-hall" }, files: Bool = true)
        throws -> Summary
    {
        var summary = Summary()
        for meter in meters {
            guard let counter = meter.counter, let cfg = config.meter(id: meter.id) else { continue }
            summary.report += try backfill(meter, cfg, counter.quantity, initial: counter.initial, until: now)
            if meter.source == .storage {
                summary.report += try backfillPower(meter, cfg, until: now) { model.powerKW(.storage, at: $0) * 1000 }
            }
        }
        guard files else { return summary }
        summary.files.append(try writeFuelLog(until: now))
        let fuel = try FuelLogImporter(store: store, limits: config.plausibility.limits(store.calendar)).importFile(
            summary.files[0], skipInvalid: false)
        summary.fuelRows = fuel.rows
        summary.report += fuel.report
        let weather = try writeWeather(until: now)
        summary.files.append(weather)
        summary.report += try TemperatureImporter(store: store, limits: config.plausibility.limits(store.calendar)).importFile(
            weather, station: nil, scale: nil, skipInvalid: false
        ).report
        if let bills = try writeWaterBills(until: now) {
            summary.files.append(bills)
            let imported = try ReadingsImporter(config: config, store: store).importFile(bills, skipInvalid: false)
            summary.billRows = imported.rows
            summary.report += imported.report
        }
        return summary
    }

    /// One meter's counter at every slot boundary from where the store leaves off.
    func backfill(_ meter: DemoMeter, _ cfg: MeterConfig, _ quantity: Quantity, initial: Double, until now: Int64) throws -> IngestReport {
        guard let canonical = quantity.canonical else { return IngestReport() }
        let spec = SeriesSpec(
            key: SeriesKey(meter: meter.id, quantity: quantity), kind: canonical.kind, unit: canonical.unit, rules: cfg.counterRules)
        let quantize = DeviceQuantizer(profile: profiles[meter.profile], quantity: quantity)
        var t = model.startMs
        var value = initial
        var batch: [Sample] = []
        if let info = try store.series(spec.key), let last = try store.latestSample(series: info.id) {
            t = last.ms
            value = last.value
        } else {
            batch.append(Sample(ms: t, value: quantize(value)))
        }
        let (periodMs, rate) = Self.rate(model, meter)
        var report = IngestReport()
        var next = (floorDiv(t, CityHall.slotMs) + 1) * CityHall.slotMs
        while next <= now {
            value += CityHall.integrate(from: t, to: next, periodMs: periodMs, rate: rate)
            batch.append(Sample(ms: next, value: quantize(value)))
            t = next
            next += CityHall.slotMs
            if batch.count >= 4_096 {
                report += try store.ingest(samples: [spec: batch])
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { report += try store.ingest(samples: [spec: batch]) }
        return report
    }

    /// A power gauge (W) at every slot start, the slot's constant power: the storage's
    /// `storage_power`, positive while it discharges, from which bills without storage are made.
    func backfillPower(_ meter: DemoMeter, _ cfg: MeterConfig, until now: Int64, power: (Int64) -> Double) throws -> IngestReport {
        let spec = SeriesSpec(key: SeriesKey(meter: meter.id, quantity: "storage_power"), kind: .gauge, unit: "W", rules: cfg.counterRules)
        var t = model.startMs
        if let info = try store.series(spec.key), let last = try store.latestSample(series: info.id) { t = last.ms + CityHall.slotMs }
        var report = IngestReport()
        var batch: [Sample] = []
        while t <= now {
            batch.append(Sample(ms: t, value: power(t)))
            t += CityHall.slotMs
            if batch.count >= 4_096 {
                report += try store.ingest(samples: [spec: batch])
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { report += try store.ingest(samples: [spec: batch]) }
        return report
    }

    /// What the lighting retrofit saved over the year after it (kWh), by the model itself.
    public func facts(now: Int64) -> DemoFacts {
        let r = model.anchor.retrofit
        let todayStart = model.calendar.civilDate(at: now)
        let end = min(r.adding(months: 12), CivilDate(year: todayStart.year, month: todayStart.month, day: 1))
        let from = model.calendar.startOfDay(r)
        let to = model.calendar.startOfDay(end)
        var saving = 0.0
        var used = 0.0
        var t = from
        while t < to {
            let led = model.powerKW(.lighting, at: t)
            used += led / 4
            saving += (model.lightingWithoutRetrofitKW(at: t) - led) / 4
            t += CityHall.slotMs
        }
        let months = (end.year - r.year) * 12 + end.month - r.month
        return DemoFacts(
            anchor: model.anchor, reportingPeriod: "\(r)..\(end.adding(days: -1))",
            baselinePeriod: "\(r.adding(months: -months))..\(r.adding(days: -1))",
            lightingSavingKWh: saving, lightingReportingKWh: used)
    }

    // MARK: Generated files

    /// The fleet's fuel log as the motor pool keeps it: ROC dates, Chinese headers, UTF-8.
    func writeFuelLog(until now: Int64) throws -> String {
        var lines = ["日期,車號,油品,數量(公升),金額(元),里程"]
        let today = model.calendar.civilDate(at: now)
        for (k, v) in DemoSite.vehicles.enumerated() {
            var day = model.anchor.start.adding(days: Int(Noise.unit(0xF0E1, Int64(k)) * Double(v.everyDays)))
            var odometer = 20_000 + Double(k) * 7_315
            var n: Int64 = 0
            while day < today {
                n += 1
                let u = Noise.unit(0xF0E1 + UInt64(k + 1), n)
                // A little less driving after the retrofit date too (car-pooling policy).
                let litres = ((v.litres * (0.85 + 0.25 * u)) * (day >= model.anchor.retrofit ? 0.96 : 1) * 100).rounded() / 100
                let price = v.fuel.contains("柴油") ? 28.9 : (v.fuel.hasPrefix("92") ? 29.7 : 31.2)
                odometer += litres * (v.fuel.contains("柴油") ? 9.5 : 11.5)
                let roc = "\(day.rocYear)/\(day.month < 10 ? "0" : "")\(day.month)/\(day.day < 10 ? "0" : "")\(day.day)"
                lines.append(
                    "\(roc),\(v.plate),\(v.fuel),\(String(format: "%.2f", litres)),\(Int((litres * price).rounded())),\(Int(odometer))")
                let gap = v.everyDays + Int(Noise.unit(0xF0E2 + UInt64(k), n) * 5) - 2
                day = day.adding(days: max(3, gap))
            }
        }
        let path = (directory as NSString).appendingPathComponent("fuel-log.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Monthly Taipei Water bills for the complete months so far: the main meter's use plus 1.2 %
    /// (the utility's meter reads a little higher), in whole m³ as billed.
    func writeWaterBills(until now: Int64) throws -> String? {
        guard let info = try store.series(SeriesKey(meter: "water-main", quantity: .volume)) else { return nil }
        let today = model.calendar.civilDate(at: now)
        let last = CivilDate(year: today.year, month: today.month, day: 1)
        var month = model.anchor.start
        var lines = ["meter,start,end,value"]
        while month < last {
            let next = month.adding(months: 1)
            let used = try store.totals(series: [info.id], from: model.calendar.startOfDay(month), to: model.calendar.startOfDay(next))
                .value
            lines.append("water-bill,\(month)T00:00:00+08:00,\(next)T00:00:00+08:00,\(Int((used * 1.012).rounded()))")
            month = next
        }
        guard lines.count > 1 else { return nil }
        let path = (directory as NSString).appendingPathComponent("water-bills.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Hourly temperatures of the Taipei weather station (CWA 466920) from the start to now.
    public func writeWeather(until now: Int64) throws -> String {
        var lines = ["station,time,temperature_c"]
        var t = model.startMs
        while t < now {
            lines.append("466920,\(model.calendar.isoString(t)),\(String(format: "%.1f", model.temperature(at: t)))")
            t += msPerHour
        }
        let path = (directory as NSString).appendingPathComponent("weather-466920.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
