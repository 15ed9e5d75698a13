import Foundation
import MeterwatchCore
import MeterwatchStore
import Metrics
import Prometheus
import Synchronization

/// `/metrics` in Prometheus text format. HTTP request metrics arrive through swift-metrics
/// (Hummingbird's `MetricsMiddleware`, bootstrapped onto this registry); the site's own gauges
/// (latest value per series, collector counters, alerts by state) are refreshed at each scrape.
public final class MetricsEndpoint: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let known = Mutex<Set<String>>([])

    public init() {}

    /// Makes swift-metrics report into this registry (once per process).
    public func bootstrap() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    func scrape(_ state: ServerState) throws -> String {
        let store = state.store
        for s in try store.allSeries() {
            guard let latest = try store.latestSample(series: s.id) else { continue }
            let labels = [("meter", s.key.meter), ("quantity", s.key.quantity.name), ("unit", s.unit)]
            registry.makeGauge(name: "meterwatch_latest_value", labels: labels, help: "Latest stored value of each series").set(latest.value)
            registry.makeGauge(name: "meterwatch_latest_timestamp_seconds", labels: labels, help: "Time of the latest stored value").set(Double(latest.ms) / 1000)
        }
        var byState: [String: Int] = [:]
        for a in try store.alerts(state: nil, limit: 10_000) where a.state.isActive { byState["\(a.rule)|\(a.severity.rawValue)|\(a.state.rawValue)", default: 0] += 1 }
        let alertKeys = Set(byState.keys)
        for key in known.withLock({ $0 }).union(alertKeys) {
            let p = key.split(separator: "|").map(String.init)
            registry.makeGauge(name: "meterwatch_alerts", labels: [("rule", p[0]), ("severity", p[1]), ("state", p[2])],
                               help: "Active alerts by rule, severity and state").set(Double(byState[key] ?? 0))
        }
        known.withLock { $0.formUnion(alertKeys) }
        if let stats = state.collectorStats?() {
            registry.makeGauge(name: "meterwatch_collector_samples_written", help: "Samples the collector has written since start").set(Double(stats.samplesWritten))
            registry.makeGauge(name: "meterwatch_collector_flushes", help: "Successful batch writes").set(Double(stats.flushes))
            registry.makeGauge(name: "meterwatch_collector_failed_flushes", help: "Batch writes that failed (store unavailable)").set(Double(stats.failedFlushes))
            registry.makeGauge(name: "meterwatch_collector_buffered_samples", help: "Samples waiting for the store").set(Double(stats.buffered))
            registry.makeGauge(name: "meterwatch_collector_dropped_samples", help: "Samples dropped because the buffer was full").set(Double(stats.dropped))
        }
        for h in try APIRoutes.deviceHealth(state) {
            registry.makeGauge(name: "meterwatch_device_up", labels: [("meter", h.meter), ("profile", h.profile)],
                               help: "1 when the device answered its last poll").set(h.state == "ok" ? 1.0 : 0.0)
            registry.makeGauge(name: "meterwatch_device_requests", labels: [("meter", h.meter)], help: "Modbus requests sent to the device").set(Double(h.requests))
        }
        registry.makeGauge(name: "meterwatch_uptime_seconds", help: "Seconds since the server started").set(Double(state.nowMs - state.startedAtMs) / 1000)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
