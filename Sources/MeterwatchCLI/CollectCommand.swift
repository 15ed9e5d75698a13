import ArgumentParser
import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Poll every configured Modbus device and store its readings until stopped.",
        discussion: """
            One thread and one Modbus context per link; devices on a link are polled in turn. A device that stops
            answering is retried with exponential backoff so it never holds up the others. SIGINT/SIGTERM stop
            cleanly after writing what is buffered.
            """)

    @OptionGroup var site: SiteOptions
    @Option(name: .long, help: "Stop after this many seconds (default: run until stopped).")
    var duration: Double?
    @Option(name: .customLong("flush-interval"), help: "Milliseconds between writes to the store.")
    var flushInterval: Int = 1000
    @Flag(name: .customLong("no-alerts"), help: "Do not evaluate alert rules.")
    var noAlerts = false

    func run() async throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
        guard !devices.isEmpty else { throw CLIError("\(config.file): no meter has a device: section; nothing to collect") }
        var logger = Logger(label: "meterwatch.collector")
        logger.logLevel = .info
        let collector = Collector(devices: devices, links: config.links, store: store, logger: logger, flushIntervalMs: flushInterval)
        var alertLogger = Logger(label: "meterwatch.alerts")
        alertLogger.logLevel = .info
        let alerts = noAlerts || config.alerts.rules.isEmpty ? nil
            : try AlertService(config: config, store: store, calendar: store.calendar, logger: alertLogger)
        let task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await collector.run() }
                if let alerts { group.addTask { await alerts.run() } }
                try await group.waitForAll()
            }
        }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { task.cancel() }
        print("collecting \(devices.count) device(s) on \(Set(devices.map(\.binding.link)).count) link(s) into \(store.path)"
              + (alerts.map { ", evaluating \($0.engine.rules.count) alert rule(s)" } ?? ""))
        fflush(nil)
        if let duration {
            try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
            task.cancel()
        }
        try await task.value
        withExtendedLifetime(signals) {}
        let s = collector.currentStats
        print("stopped: \(s.samplesWritten) samples written in \(s.flushes) flushes\(s.dropped > 0 ? ", \(s.dropped) dropped while the store was unavailable" : "")")
    }
}

struct DevicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "Show each device's health as the collector last recorded it.")

    @OptionGroup var site: SiteOptions
    @Option(name: .long, help: "table or json.")
    var format: OutputFormat = .table

    struct Row: Codable {
        var meter: String
        var profile: String
        var link: String
        var unit: Int
        var state: String
        var requests: Int
        var errors: [String: Int]
        var lastSuccess: String?
        var lastError: String?
        var latencyMs: Double?
        var updated: String?
    }

    func run() throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let calendar = try LocalCalendar(timeZone: config.site.timeZone)
        let stored = Dictionary(try store.deviceHealth().map { ($0.meter, $0) }, uniquingKeysWith: { a, _ in a })
        let decoder = JSONDecoder()
        var rows: [Row] = []
        for m in config.meters {
            guard let b = m.device else { continue }
            var row = Row(meter: m.id, profile: b.profile, link: b.link, unit: b.unit, state: "never polled", requests: 0, errors: [:])
            if let s = stored[m.id], let h = try? decoder.decode(DeviceHealth.self, from: Data(s.document.utf8)) {
                row.state = h.state.rawValue
                row.requests = h.requests
                row.errors = h.errors
                row.lastSuccess = h.lastSuccessMs.map { calendar.isoString($0) }
                row.lastError = h.lastError
                row.latencyMs = h.averageLatencyMs.map { ($0 * 10).rounded() / 10 }
                row.updated = calendar.isoString(s.updatedAtMs)
            }
            rows.append(row)
        }
        switch format {
        case .json: print(try rows.jsonString())
        case .table, .csv:
            print(renderTable(["meter", "profile", "link", "unit", "state", "requests", "errors", "last success", "latency ms", "last error"], rows.map {
                [$0.meter, $0.profile, $0.link, String($0.unit), $0.state, String($0.requests),
                 $0.errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                 $0.lastSuccess ?? "", $0.latencyMs.map { String($0) } ?? "", $0.lastError ?? ""]
            }, rightAligned: [3, 5]))
        }
    }
}
