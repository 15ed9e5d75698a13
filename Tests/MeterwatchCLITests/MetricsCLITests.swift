import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

/// `/metrics` as a monitoring system reads it: `promtool check metrics` finds nothing to complain
/// about, a client error is counted under its own status (never as a 500), and a real Prometheus
/// (Debian's 2.42) scrapes the server and answers queries about a device, a collector counter and
/// an HTTP 404.
@Suite(.serialized) struct MetricsCLITests {
    /// A served site polling one simulated meter twice a second.
    final class MonitoredSite {
        let cli: CLIHarness
        let simulator: BackgroundCommand
        let server: BackgroundCommand
        let base: String

        init() throws {
            cli = try CLIHarness()
            let modbus = freeLoopbackPort()
            let http = freeLoopbackPort()
            simulator = try BackgroundCommand(cli, ["simulate", "--tcp", "127.0.0.1:\(modbus)", "--device", "1=eastron-sdm630"])
            try simulator.waitFor("simulating 1 device(s)")
            try cli.write(
                "meterwatch.yaml",
                """
                site: { name: Metrics Test, timezone: Asia/Taipei }
                storage: { path: store.sqlite }
                links:
                  - { id: gw, tcp: "127.0.0.1:\(modbus)" }
                meters:
                  - id: main
                    category: electricity
                    device: { profile: eastron-sdm630, link: gw, unit: 1, poll: { fast: 250ms, slow: 1s } }
                """)
            server = try BackgroundCommand(cli, ["serve", "--port", String(http)])
            try server.waitFor("serving http://")
            base = "http://127.0.0.1:\(http)"
            let ready = Date().addingTimeInterval(20)
            while Date() < ready, ((try? curl("GET", base + "/api/v1/latest").json()) as? [[String: Any]] ?? []).isEmpty {
                usleep(100_000)
            }
        }
    }

    @Test func promtoolFindsNothingAndClientErrorsKeepTheirStatus() throws {
        let site = try MonitoredSite()
        #expect(try curl("GET", site.base + "/api/v1/meters/nope/readings?from=2025-01-01&to=2025-01-02").status == 404)
        #expect(try curl("GET", site.base + "/no-such-page").status == 404)
        #expect(try curl("GET", site.base + "/api/v1/compare?meter=main&period=2025Q5").status == 400)
        #expect(try curl("GET", site.base + "/healthz").status == 200)

        let text = try curl("GET", site.base + "/metrics")
        #expect(text.status == 200)
        #expect(text.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let check = try CLIHarness.tool("/usr/bin/promtool", ["check", "metrics"], input: text.body, mergeErrors: true)
        #expect(check.status == 0 && check.output.isEmpty, "promtool: \(check.output)")

        let samples = Self.samples(text.body)
        // Client errors are counted under their own status and route template, and timed.
        #expect(samples["meterwatch_http_requests_total{method=\"GET\",route=\"/api/v1/meters/{id}/readings\",status=\"404\"}"] == 1)
        #expect(samples["meterwatch_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"] == 1)
        #expect(samples["meterwatch_http_requests_total{method=\"GET\",route=\"/api/v1/compare\",status=\"400\"}"] == 1)
        #expect(samples["meterwatch_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/compare\",status=\"400\"}"] == 1)
        #expect(!samples.keys.contains { $0.hasPrefix("meterwatch_http_requests_total") && $0.contains("status=\"500\"") })
        // Counters are counters, named _total; the process and the build describe themselves.
        #expect(text.body.contains("# TYPE meterwatch_collector_samples_written_total counter"))
        #expect(text.body.contains("# TYPE meterwatch_device_requests_total counter"))
        #expect((samples["meterwatch_device_requests_total{meter=\"main\"}"] ?? 0) > 0)
        #expect(samples["meterwatch_device_up{meter=\"main\",profile=\"eastron-sdm630\"}"] == 1)
        #expect((samples["process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect((samples["process_cpu_seconds_total"] ?? 0) > 0)
        #expect((samples["process_open_fds"] ?? 0) > 3)
        let buildInfo = samples.first { $0.key.hasPrefix("meterwatch_build_info{") }
        #expect(buildInfo?.value == 1 && buildInfo?.key.contains("store_schema=\"v10-access\"") == true)

        // OpenMetrics when asked for, as Prometheus does.
        let open = try curl(
            "GET", site.base + "/metrics",
            headers: ["Accept": "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"])
        #expect(open.headers["content-type"]?.hasPrefix("application/openmetrics-text; version=1.0.0") == true)
        #expect(open.body.hasSuffix("# EOF\n"))
        #expect(open.body.contains("# TYPE meterwatch_http_requests counter\n"))
        #expect(open.body.contains("meterwatch_http_requests_total{"))
    }

    /// Prometheus scrapes every 200 ms (OpenMetrics, the format it prefers) and answers PromQL.
    @Test func aRealPrometheusScrapesAndQueries() throws {
        let site = try MonitoredSite()
        #expect(try curl("GET", site.base + "/api/v1/meters/nope/readings?from=2025-01-01&to=2025-01-02").status == 404)
        let promPort = freeLoopbackPort()
        let target = site.base.replacingOccurrences(of: "http://", with: "")
        try site.cli.write(
            "prometheus.yml",
            """
            global: { scrape_interval: 200ms, scrape_timeout: 150ms }
            scrape_configs:
              - job_name: meterwatch
                static_configs: [{ targets: ["\(target)"] }]
            """)
        let prometheus = try BackgroundCommandRaw(
            "/usr/bin/prometheus",
            [
                "--config.file=\(site.cli.dir)/prometheus.yml", "--storage.tsdb.path=\(site.cli.dir)/prom-data",
                "--web.listen-address=127.0.0.1:\(promPort)", "--log.level=warn",
            ])
        let api = "http://127.0.0.1:\(promPort)/api/v1/query?query="
        func query(_ promql: String) throws -> [[String: Any]] {
            let encoded = promql.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? promql
            let answer = try curl("GET", api + encoded).json() as? [String: Any]
            return ((answer?["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
        }
        func value(_ series: [String: Any]) -> Double? { ((series["value"] as? [Any])?.last as? String).flatMap(Double.init) }
        let queries = [
            "up": "up{job=\"meterwatch\"}",
            "device": "meterwatch_device_up{meter=\"main\"}",
            "collector": "meterwatch_collector_samples_written_total",
            "notFound": "meterwatch_http_requests_total{route=\"/api/v1/meters/{id}/readings\",status=\"404\"}",
        ]
        var answers: [String: Double] = [:]
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, answers.count < queries.count {
            for (name, promql) in queries where answers[name] == nil {
                let result: [[String: Any]] = (try? query(promql)) ?? []
                if let first = result.first, let v = value(first) { answers[name] = v }
            }
            usleep(250_000)
        }
        #expect(answers["up"] == 1, "\(answers)")
        #expect(answers["device"] == 1, "\(answers)")
        #expect((answers["collector"] ?? 0) > 0, "\(answers)")
        #expect(answers["notFound"] == 1, "\(answers)")
        // The scrapes were clean: the target reports no error, and Prometheus' own counters show no
        // sample rejected as a duplicate or out of order.
        let targets = try curl("GET", "http://127.0.0.1:\(promPort)/api/v1/targets").json() as? [String: Any]
        let active = ((targets?["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]]) ?? []
        #expect(active.count == 1 && active.first?["health"] as? String == "up" && active.first?["lastError"] as? String == "", "\(active)")
        let own = Self.samples(try curl("GET", "http://127.0.0.1:\(promPort)/metrics").body)
        #expect(own["prometheus_target_scrapes_sample_duplicate_timestamp_total"] == 0)
        #expect(own["prometheus_target_scrapes_sample_out_of_order_total"] == 0)
        #expect(own["prometheus_target_scrapes_sample_out_of_bounds_total"] == 0)
        #expect(try prometheus.stop() == 0)
    }

    /// `name{labels}` → value, from text format 0.0.4.
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }
}
