import ArgumentParser
import Foundation
import Logging
import MeterwatchCore
import MeterwatchForward

struct ForwardRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Forward until stopped (SIGINT/SIGTERM), or once with --once.")
    @OptionGroup var site: SiteOptions
    @Flag(help: "Send what is pending once and exit (status 69 when the central did not take it).") var once = false

    func run() async throws {
        let site = try self.site.open()
        guard let forward = site.config.forward else { throw CLIError.noForward(config: site.config.file) }
        var logger = Logger(label: "meterwatch.forward")
        logger.logLevel = .info
        let forwarder = Forwarder(config: forward, store: site.store, logger: logger, clock: SystemClock())
        if once {
            let round = await forwarder.forwardPending()
            let others = [
                (round.deletions, "deletion(s)"), (round.refuels, "refuel(s)"), (round.alertEvents, "alert event(s)"),
                (round.devices, "device health document(s)"), (round.auditEntries, "audit entries"),
            ]
            .filter { $0.0 > 0 }.map { ", \($0.0) \($0.1)" }.joined()
            print(
                "forwarded \(round.readings) reading(s)\(others) in \(round.requests) request(s) to \(forward.url) as site \(forward.site)")
            if let error = round.error { throw CLIError.toolFailed(error.description) }
            return
        }
        print("forwarding to \(forward.url) as site \(forward.site), every \(Double(forward.everyMs) / 1000) s")
        fflush(nil)
        let task = Task { await forwarder.run() }
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { task.cancel() }
        await task.value
        withExtendedLifetime(signals) {}
        print("stopped")
    }
}
