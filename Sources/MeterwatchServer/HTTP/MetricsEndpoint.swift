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

    /// A gauge of the registry (the same one on every call with the same name and labels).
    private func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    func scrape(_ state: ServerState) throws -> String {
        let store = state.store
        for s in try store.allSeries() {
            guard let latest = try store.latestSample(series: s.id) else { continue }
            let labels = [("meter", s.key.meter), ("quantity", s.key.quantity.name), ("unit", s.unit)]
            gauge("meterwatch_latest_value", "Latest stored value of each series", labels: labels).set(latest.value)
            gauge("meterwatch_latest_timestamp_seconds", "Time of the latest stored value", labels: labels).set(Double(latest.ms) / 1000)
        }
        var byState: [String: Int] = [:]
        for a in try store.alerts(state: nil, limit: 10_000) where a.state.isActive {
            byState["\(a.rule)|\(a.severity.rawValue)|\(a.state.rawValue)", default: 0] += 1
        }
        let alertKeys = Set(byState.keys)
        for key in known.withLock({ $0 }).union(alertKeys) {
            let p = key.split(separator: "|").map(String.init)
            gauge(
                "meterwatch_alerts", "Active alerts by rule, severity and state",
                labels: [("rule", p[0]), ("severity", p[1]), ("state", p[2])]
            ).set(Double(byState[key] ?? 0))
        }
        known.withLock { $0.formUnion(alertKeys) }
        if let stats = state.collectorStats?() {
            gauge("meterwatch_collector_samples_written", "Samples the collector has written since start").set(Double(stats.samplesWritten))
            gauge("meterwatch_collector_flushes", "Successful batch writes").set(Double(stats.flushes))
            gauge("meterwatch_collector_failed_flushes", "Batch writes that failed (store unavailable)").set(Double(stats.failedFlushes))
            gauge("meterwatch_collector_buffered_samples", "Samples waiting for the store").set(Double(stats.buffered))
            gauge("meterwatch_collector_dropped_samples", "Samples dropped because the buffer was full").set(Double(stats.dropped))
        }
        for h in try APIRoutes.deviceHealth(state) {
            gauge("meterwatch_device_up", "1 when the device answered its last poll", labels: [("meter", h.meter), ("profile", h.profile)])
                .set(h.state == .ok ? 1.0 : 0.0)
            gauge("meterwatch_device_requests", "Modbus requests sent to the device", labels: [("meter", h.meter)]).set(Double(h.requests))
        }
        gauge("meterwatch_uptime_seconds", "Seconds since the server started").set(Double(state.nowMs - state.startedAtMs) / 1000)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
