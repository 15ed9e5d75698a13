import ArgumentParser
import Foundation
import Logging
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchForward
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
        let site = try self.site.open()
        let config = site.config
        let store = site.store
        let devices = try Collector.devices(of: config) { try ProfileLocator.load($0, config: config) }
        guard !devices.isEmpty else {
            throw CLIError.nothingToCollect(config: config.file)
        }
        var logger = Logger(label: "meterwatch.collector")
        logger.logLevel = .info
        let collector = Collector(
            devices: devices, links: config.links, store: store, logger: logger, flushIntervalMs: flushInterval,
            limits: config.plausibility.limits(store.calendar))
        var alertLogger = Logger(label: "meterwatch.alerts")
        alertLogger.logLevel = .info
        let alerts =
            noAlerts || config.alerts.rules.isEmpty
            ? nil
            : try AlertService(
                config: config, store: store, calendar: store.calendar, logger: alertLogger,
                pollIntervals: CollectorDevice.pollIntervals(devices))
        let task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await collector.run() }
                if let alerts { group.addTask { await alerts.run() } }
                if let forward = config.forward {
                    let forwarder = Forwarder(config: forward, store: store, clock: SystemClock())
                    group.addTask { await forwarder.run() }
                }
                try await group.waitForAll()
            }
        }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { task.cancel() }
        print(
            "collecting \(devices.count) device(s) on \(Set(devices.map(\.binding.link)).count) link(s) into \(store.path)"
                + (alerts.map { ", evaluating \($0.engine.rules.count) alert rule(s)" } ?? ""))
        fflush(nil)
        if let duration {
            try? await Task.sleep(for: .milliseconds(Int(duration * 1000)))
            task.cancel()
        }
        try await task.value
        withExtendedLifetime(signals) {}
        let s = collector.currentStats
        print(
            "stopped: \(s.samplesWritten) samples written in \(s.flushes) "
                + "flushes\(s.dropped > 0 ? ", \(s.dropped) dropped while the store was unavailable" : "")"
        )
    }
}
