import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Synchronization
import Testing

@testable import MeterwatchCollector
@testable import MeterwatchModbus

/// Log lines kept for assertions.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])
    var text: String { lines.withLock { $0.joined(separator: "\n") } }
    var logger: Logger {
        Logger(label: "test") { _ in CapturingHandler(log: self) }
    }

    struct CapturingHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            log.lines.withLock { $0.append("\(event.message)") }
        }
    }
}

/// The collector on a manual clock, against a real simulator over loopback: the test moves time,
/// so nothing sleeps, and the host's clock can be set back or forward at will.
final class ManualCollector {
    let clock: ManualClock
    let store: MeterStore
    let collector: Collector
    let log = CapturedLog()

    /// One device per entry, units 1, 2, … on one link; the first meter is "dev", the others "dev2", "dev3"….
    init(_ sim: RunningSimulator, profile: String, category: MeterCategory, startMs: Int64, devices count: Int = 1) throws {
        guard case .tcp(_, let port) = sim.endpoint else { throw PeerError("expected a TCP simulator") }
        clock = ManualClock(nowMs: startMs)
        let dir = try temporaryDirectory()
        store = try MeterStore(path: "\(dir)/site.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
        let devices = try (1...count).map { unit in
            let meter = MeterConfig(
                id: unit == 1 ? "dev" : "dev\(unit)", name: LocalizedName(en: "Device"), category: category,
                unit: category.mainQuantity.canonical?.unit ?? "")
            return CollectorDevice(
                meter: meter, binding: DeviceBinding(profile: profile, link: "gw", unit: unit, fastPollMs: 5_000, slowPollMs: 60_000),
                profile: try shippedProfile(profile))
        }
        collector = Collector(
            devices: devices, links: [LinkConfig(id: "gw", endpoint: .tcp(host: "127.0.0.1", port: port), silentGapMs: 0)],
            store: store, logger: log.logger, flushIntervalMs: 1_000, clock: clock)
        // Started on its own threads: the test does not wait for a cooperative-pool thread.
        collector.start()
        try settle()
    }

    /// Waits until the link thread and the writer have done everything due and sleep again.
    func settle() throws {
        guard clock.waitUntilSleeping(threads: 2) else { throw PeerError("the collector did not settle: \(log.text)") }
    }

    func advance(ms: Int64) throws {
        clock.advance(ms: ms)
        try settle()
    }

    /// Stops the collector and waits until it wrote what it held.
    func stop() {
        let done = DispatchSemaphore(value: 0)
        collector.onStopped { done.signal() }
        collector.requestStop()
        done.wait()
    }

    /// What is stored, after writing what the collector still buffers.
    func samples(_ quantity: Quantity, meter: String = "dev") throws -> [Sample] {
        collector.flush()
        guard let s = try store.series(SeriesKey(meter: meter, quantity: quantity)) else { return [] }
        return try store.samples(series: s.id, from: .min, to: .max)
    }
}

@Suite(.serialized) struct CollectorClockTests {
    let start: Int64 = 1_795_000_000_000  // 2026-11-18

    /// A UPS whose charge register answers garbage: that value alone is dropped and logged with the
    /// device and register; status, runtime and voltages of the same poll are stored.
    @Test func implausibleValuesAreDroppedOneByOne() throws {
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("apc-smart-ups"), scenario: .implausible)])
        let c = try ManualCollector(sim, profile: "apc-smart-ups", category: .ups, startMs: start)
        for _ in 0..<4 { try c.advance(ms: 5_000) }
        c.stop()
        #expect(try c.samples("battery_charge").isEmpty)
        #expect(try c.samples("ups_status").count == 5)
        #expect(try c.samples("battery_runtime").count == 5)
        let health = try #require(c.collector.currentHealth.first)
        #expect(health.rejectedValues == 5 && health.state == .degraded)
        #expect(
            c.log.text.contains(
                "dev (apc-smart-ups unit 1 on gw): point charge (holding register 130): 127.998046875 is outside the plausible range of "
                    + "battery_charge"
            ))
        // Logged once, not on every poll.
        #expect(c.log.text.components(separatedBy: "point charge").count == 2)
        #expect(c.collector.currentStats.refused == 0 && c.collector.currentStats.failedFlushes == 0)
        withExtendedLifetime(sim) {}
    }

    /// The host's clock is set back an hour: the jump is logged and nothing is stamped before the
    /// samples already taken; once the clock passes them again, collection goes on.
    @Test func aClockSetBackHoldsSamplesUntilItPassesThoseTaken() throws {
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("eastron-sdm630"))])
        let c = try ManualCollector(sim, profile: "eastron-sdm630", category: .electricity, startMs: start)
        try c.advance(ms: 5_000)
        let before = try c.samples(.powerActive)
        #expect(before.count == 2)
        c.clock.jumpWallClock(byMs: -3_600_000)
        for _ in 0..<3 { try c.advance(ms: 5_000) }
        #expect(try c.samples(.powerActive) == before, "samples stamped before those already taken were stored")
        try c.advance(ms: 3_600_000)
        c.stop()
        let after = try c.samples(.powerActive)
        #expect(after.count == 3 && after.last!.ms > before.last!.ms)
        #expect(zip(after, after.dropFirst()).allSatisfy { $0.ms < $1.ms })
        #expect(c.log.text.contains("the host's clock jumped back by 3600.0 s"))
        #expect(c.log.text.contains("holding samples until it passes"))
        #expect(c.log.text.contains("storing samples again"))
        withExtendedLifetime(sim) {}
    }

    /// A box that boots without its clock (1970) and is set by NTP later: nothing is stored before
    /// the start of history; the jump forward is logged and collection starts.
    @Test func aHostClockBeforeTheStartOfHistoryStoresNothingUntilSet() throws {
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("eastron-sdm630"))])
        let c = try ManualCollector(sim, profile: "eastron-sdm630", category: .electricity, startMs: 3_600_000)
        try c.advance(ms: 5_000)
        #expect(try c.samples(.powerActive).isEmpty)
        c.clock.jumpWallClock(byMs: start)
        try c.advance(ms: 5_000)
        c.stop()
        let stored = try c.samples(.powerActive)
        #expect(stored.count == 1 && stored[0].ms == start + 3_600_000 + 10_000)
        #expect(c.log.text.contains("before the start of history"))
        #expect(c.log.text.contains("the host's clock jumped forward"))
        withExtendedLifetime(sim) {}
    }

    /// Devices of one link polled within the same millisecond (always, on a manual clock) are all
    /// stored: the guard against a clock set back is per device. (The soak found it per link.)
    @Test func devicesOfALinkMayShareAMillisecond() throws {
        let sdm630 = try shippedProfile("eastron-sdm630")
        let sim = try RunningSimulator([
            SimulatedDeviceSpec(unit: 1, profile: sdm630), SimulatedDeviceSpec(unit: 2, profile: sdm630),
            SimulatedDeviceSpec(unit: 3, profile: sdm630),
        ])
        let c = try ManualCollector(sim, profile: "eastron-sdm630", category: .electricity, startMs: start, devices: 3)
        for _ in 0..<3 { try c.advance(ms: 5_000) }
        c.stop()
        for meter in ["dev", "dev2", "dev3"] {
            #expect(try c.samples(.powerActive, meter: meter).count == 4, "\(meter)")
        }
        #expect(!c.log.text.contains("holding"))
        withExtendedLifetime(sim) {}
    }

    @Test func jumpsAreToldFromTimePassing() {
        var d = ClockJumpDetector(forwardToleranceMs: 300_000)
        #expect(d.check(wallMs: 1_000_000, monotonicMs: 50) == nil)
        #expect(d.check(wallMs: 1_005_000, monotonicMs: 5_050) == nil)  // time passed
        #expect(d.check(wallMs: 1_010_300, monotonicMs: 10_050) == nil)  // NTP slewed 300 ms
        #expect(d.check(wallMs: 1_013_000, monotonicMs: 15_050) == -2_300)  // set back
        #expect(d.check(wallMs: 1_513_000, monotonicMs: 20_050) == 495_000)  // far forward
        #expect(d.check(wallMs: 1_518_000, monotonicMs: 25_050) == nil)
    }
}
