import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchModbus
import MeterwatchStore
import MeterwatchTestSupport

/// A real store in a temporary folder and a site configuration with alert rules.
struct AlertSite {
    /// Removed with everything in it when this is released.
    let folder: TemporaryFolder
    let dir: String
    let config: SiteConfig
    let store: MeterStore
    let calendar: LocalCalendar

    init(alerts: String, meters: String = AlertSite.defaultMeters) throws {
        folder = try TemporaryFolder("mw-alerts")
        dir = folder.path
        let yaml = """
            site: { name: Test Hall, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            links:
              - { id: bus, tcp: "127.0.0.1:1502" }
            meters:
            \(meters)
            alerts:
            \(alerts)
            """
        config = try SiteConfig.parse(yaml: yaml, file: dir + "/meterwatch.yaml", environment: ["HOOK_SECRET": "s3cret"])
        calendar = try LocalCalendar(timeZone: "Asia/Taipei")
        store = try MeterStore(path: config.storage.path, calendar: calendar)
    }

    static let defaultMeters = """
          - { id: water-main, category: water, device: { profile: siemens-sitrans-mag, link: bus, unit: 2, poll: { fast: 5s } } }
          - { id: hall-power, category: electricity, device: { profile: eastron-sdm630, link: bus, unit: 1, poll: { fast: 5s } } }
          - { id: ups-1, category: ups, device: { profile: apc-smart-ups, link: bus, unit: 3, poll: { fast: 5s } } }
          - { id: ess, category: storage, device: { profile: sunspec, link: bus, unit: 4, poll: { fast: 5s } } }
        """

    /// Writes a gauge/state/counter series with the canonical kind and unit of `quantity`.
    func write(_ meter: String, _ quantity: Quantity, _ samples: [Sample]) throws {
        let c = quantity.canonical!
        try store.ingest(samples: [SeriesSpec(key: SeriesKey(meter: meter, quantity: quantity), kind: c.kind, unit: c.unit): samples])
    }

    /// Writes every quantity a simulated device produces, sampled every `stepMs` over `[from, to)`.
    func simulate(
        _ meter: String, category: MeterCategory, scenario: SimulationScenario, from: Int64, to: Int64, stepMs: Int64,
        onsetMs: Int64? = nil, quantities: Set<Quantity>? = nil
    ) throws {
        var physics = DevicePhysics(category: category, scenario: scenario, unit: 2, nowMs: from, onsetMs: onsetMs)
        var series: [Quantity: [Sample]] = [:]
        var t = from
        while t < to {
            for (q, v) in physics.values(nowMs: t) where quantities?.contains(q) ?? true {
                series[q, default: []].append(Sample(ms: t, value: v))
            }
            t += stepMs
        }
        for (q, list) in series { try write(meter, q, list) }
    }

    var engine: AlertEngine { AlertEngine(config: config, calendar: calendar) }

    /// Replays the rules over `[from, to)` in memory.
    func replay(from: Int64, to: Int64, stepMs: Int64) throws -> MemoryAlertBook {
        try AlertReplay.run(engine: engine, store: store, from: from, to: to, stepMs: stepMs)
    }

    func local(_ text: String) throws -> Int64 { try TimeParser(calendar: calendar).parseInstant(text) }
}

extension MemoryAlertBook {
    func events(_ rule: String? = nil) -> [String] {
        history.filter { rule == nil || $0.alert.rule == rule }.compactMap(\.event?.rawValue)
    }
    func notified(_ rule: String? = nil) -> [AlertChange] {
        history.filter { (rule == nil || $0.alert.rule == rule) && ($0.event.map(AlertLifecycle.notifiedEvents.contains) ?? false) }
    }
}
