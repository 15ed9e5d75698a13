import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchStore

/// CSV imports into a real store on a fixed clock (2026-11-26), with one meter of every category.
enum CSVFuzz {
    static let now: Int64 = 1_795_600_000_000

    static let site: (config: SiteConfig, store: MeterStore)? = {
        let dir = NSTemporaryDirectory() + "meterwatch-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let yaml = """
            site: { timezone: Asia/Taipei }
            storage: { path: \(dir)/fuzz.sqlite }
            meters:
              - { id: e, category: electricity, unit: Wh, counter: { rollover_at: 100000000 } }
              - { id: w, category: water, unit: 度 }
              - { id: f, category: fuel }
              - { id: u, category: ups }
              - { id: s, category: storage }
              - { id: t, category: temperature }
            """
        guard let config = try? SiteConfig.parse(yaml: yaml, file: "\(dir)/meterwatch.yaml", environment: [:]),
            let calendar = try? LocalCalendar(timeZone: "Asia/Taipei"),
            let store = try? MeterStore(path: config.storage.path, calendar: calendar, clock: ManualClock(nowMs: now))
        else { return nil }
        return (config, store)
    }()

    static func run(_ data: Data) -> FuzzTarget.Outcome {
        guard let (config, store) = site, let selector = data.first else { return .rejected }
        let body = data.dropFirst()
        let skip = selector & 0x80 != 0
        let clock = ManualClock(nowMs: now)
        let limits = config.plausibility.limits(store.calendar)
        do {
            switch selector % 3 {
            case 0:
                _ = try ReadingsImporter(config: config, store: store, clock: clock).importData(
                    Data(body), file: "fuzz.csv", skipInvalid: skip)
            case 1:
                _ = try FuelLogImporter(store: store, limits: limits, clock: clock).importData(
                    Data(body), file: "fuzz.csv", skipInvalid: skip)
            default:
                _ = try TemperatureImporter(store: store, limits: limits, clock: clock)
                    .importData(Data(body), file: "fuzz.csv", station: "fz", scale: nil, skipInvalid: skip)
            }
            return .accepted
        } catch {
            return .rejected
        }
    }
}
