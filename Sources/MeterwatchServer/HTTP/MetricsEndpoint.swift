import Foundation
import MeterwatchCore
import MeterwatchStore
import Prometheus
import Synchronization

/// `/metrics`: one swift-prometheus registry holding the HTTP request metrics (recorded live by
/// `RequestMetricsMiddleware`) and the site's own figures, refreshed at each scrape: the latest value
/// of each series, collector and device counters, alerts by state, the process and the build.
/// Answered as OpenMetrics 1.0 when the scraper asks for it (Prometheus does), else text 0.0.4.
public final class MetricsEndpoint: Sendable {
    public let registry = PrometheusCollectorRegistry()
    /// Counters mirrored from totals kept elsewhere (the collector's): the total last exported.
    private let exportedTotals = Mutex<[String: Double]>([:])
    private let knownAlertKeys = Mutex<Set<String>>([])
    /// Durations in seconds: a cached page answers in well under a millisecond, a report in tens.
    static let durationBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    public init() {
        registry.makeGauge(
            descriptor: Self.name("meterwatch_build_info", "The version, git commit and store schema of this build"),
            labels: [
                ("version", BuildInfo.version), ("commit", BuildInfo.commit), ("store_schema", BuildInfo.storeSchema),
            ]
        ).set(Double(1))
    }

    static func name(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func gauge(_ name: String, _ help: String, labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: Self.name(name, help), labels: labels)
    }

    /// A counter that follows a total counted elsewhere (the collector, the kernel): it only ever
    /// rises, by the difference, so that concurrent scrapes never see it fall.
    private func counter(_ name: String, _ help: String, labels: [(String, String)] = [], total: Double) {
        let counter = registry.makeCounter(descriptor: Self.name(name, help), labels: labels)
        let key = ([name] + labels.map { "\($0.0)=\($0.1)" }).joined(separator: "\u{1}")
        exportedTotals.withLock { exported in
            let before = exported[key] ?? 0
            guard total > before else { return }
            exported[key] = total
            if total.rounded() == total && before.rounded() == before {
                counter.increment(by: Int64(total - before))
            } else {
                counter.increment(by: total - before)
            }
        }
    }

    // MARK: Live recording

    /// One answered HTTP request: `route` is the route's template (`/api/v1/meters/{id}/latest`),
    /// never the concrete path, so that the label set stays bounded.
    func recordRequest(method: String, route: String, status: Int, seconds: Double) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: Self.name("meterwatch_http_requests_total", "HTTP requests answered, by method, route template and status"),
            labels: labels
        ).increment()
        registry.makeValueHistogram(
            descriptor: Self.name(
                "meterwatch_http_request_duration_seconds", "Time to answer an HTTP request, by method, route and status"),
            labels: labels, buckets: Self.durationBuckets
        ).record(seconds)
    }

    func requestsInFlight() -> Gauge {
        gauge("meterwatch_http_requests_in_flight", "HTTP requests being answered")
    }

    /// Readings or fuel records stored through the API's import endpoints.
    func recordImport(kind: String, samples: Int) {
        registry.makeCounter(
            descriptor: Self.name("meterwatch_imported_samples_total", "Readings and fuel records stored through the API, by kind"),
            labels: [("kind", kind)]
        ).increment(by: Int64(samples))
    }

    // MARK: Scrape

    func scrape(_ state: ServerState, openMetrics: Bool) throws -> String {
        try refresh(state)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        return openMetrics ? OpenMetricsText.convert(text) : text
    }

    private func refresh(_ state: ServerState) throws {
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
        // An alert that cleared stays exported at 0 (a series that vanished would read as missing data).
        for key in knownAlertKeys.withLock({ $0 }).union(alertKeys) {
            let p = key.split(separator: "|").map(String.init)
            gauge(
                "meterwatch_alerts", "Active alerts by rule, severity and state",
                labels: [("rule", p[0]), ("severity", p[1]), ("state", p[2])]
            )
            .set(Double(byState[key] ?? 0))
        }
        knownAlertKeys.withLock { $0.formUnion(alertKeys) }
        // An edge: how far behind its central is.
        if state.config.forward != nil {
            let forward = try store.forwardState()
            gauge("meterwatch_forward_pending_changes", "Logged writes the central has not acknowledged").set(
                Double(forward.pendingChanges))
            gauge("meterwatch_forward_lag_seconds", "Age of the oldest write the central has not acknowledged (0: up to date)").set(
                forward.behindSeconds(nowMs: state.nowMs) ?? 0)
            counter(
                "meterwatch_forward_readings_total", "Readings and interval totals the central has acknowledged",
                total: Double(forward.forwardedReadings))
        }
        if let stats = state.collectorStats?() {
            counter(
                "meterwatch_collector_samples_written_total", "Samples the collector has written since start",
                total: Double(stats.samplesWritten))
            counter("meterwatch_collector_flushes_total", "Successful batch writes", total: Double(stats.flushes))
            counter(
                "meterwatch_collector_failed_flushes_total", "Batch writes that failed (store unavailable)",
                total: Double(stats.failedFlushes))
            counter(
                "meterwatch_collector_dropped_samples_total", "Samples dropped because the buffer was full", total: Double(stats.dropped))
            gauge("meterwatch_collector_buffered_samples", "Samples waiting for the store").set(Double(stats.buffered))
        }
        for h in try APIRoutes.deviceHealth(state) {
            gauge("meterwatch_device_up", "1 when the device answered its last poll", labels: [("meter", h.meter), ("profile", h.profile)])
                .set(h.state == .ok ? 1.0 : 0.0)
            counter(
                "meterwatch_device_requests_total", "Modbus requests sent to the device", labels: [("meter", h.meter)],
                total: Double(h.requests))
            for (kind, count) in h.errors.sorted(by: { $0.key < $1.key }) {
                counter(
                    "meterwatch_device_errors_total",
                    "Failed Modbus requests by kind (timeout, exception, bad_response, connection, invalid)",
                    labels: [("meter", h.meter), ("kind", kind)], total: Double(count))
            }
        }
        gauge("meterwatch_uptime_seconds", "Seconds since the server started").set(Double(state.nowMs - state.startedAtMs) / 1000)
        let process = ProcessMetrics.read()
        if let cpu = process.cpuSeconds {
            counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds", total: cpu)
        }
        let processGauges: [(String, String, Double?)] = [
            ("process_resident_memory_bytes", "Resident memory size in bytes", process.residentBytes),
            ("process_virtual_memory_bytes", "Virtual memory size in bytes", process.virtualBytes),
            ("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds", process.startTimeSeconds),
            ("process_open_fds", "Number of open file descriptors", process.openFDs),
            ("process_max_fds", "Maximum number of open file descriptors", process.maxFDs),
        ]
        for (name, help, value) in processGauges {
            if let value { gauge(name, help).set(value) }
        }
    }
}
