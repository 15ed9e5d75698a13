import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchCollector
@testable import MeterwatchDevices
@testable import MeterwatchModbus

@Suite(.serialized) struct CollectorTests {
    func gaps(_ samples: [Sample]) -> [Int64] { zip(samples.dropFirst(), samples).map { $0.ms - $1.ms } }

    /// A dead device, an exception-answering device and a connection-dropping device, each beside
    /// a healthy device on the same link and on another link: the healthy ones keep their cadence.
    /// The collector runs on a manual clock; libmodbus's timeouts are real, on loopback.
    @Test func failingDevicesNeverStallHealthyOnes() throws {
        let sdm630 = try shippedProfile("eastron-sdm630")
        let simA = try RunningSimulator([
            SimulatedDeviceSpec(unit: 1, profile: sdm630),
            SimulatedDeviceSpec(unit: 2, profile: sdm630, scenario: .dead),
            SimulatedDeviceSpec(unit: 3, profile: sdm630, scenario: .garbage),
        ])
        let simB = try RunningSimulator([
            SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("siemens-sitrans-mag")),
            SimulatedDeviceSpec(unit: 2, profile: try shippedProfile("eastron-sdm120"), scenario: .drop),
        ])
        let simC = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("apc-smart-ups"))])
        guard case .tcp(_, let pa) = simA.endpoint, case .tcp(_, let pb) = simB.endpoint, case .tcp(_, let pc) = simC.endpoint else {
            return
        }
        let dir = try temporaryDirectory()
        let poll = "poll: { fast: 500ms, slow: 2s }, timeout: 300ms"
        let yaml = """
            site: { timezone: Asia/Taipei }
            storage: { path: site.sqlite }
            profiles: \(devicesDirectory)
            links:
              - { id: a, tcp: "127.0.0.1:\(pa)" }
              - { id: b, tcp: "127.0.0.1:\(pb)" }
              - { id: c, tcp: "127.0.0.1:\(pc)" }
            meters:
              - { id: main, category: electricity, device: { profile: eastron-sdm630, link: a, unit: 1, \(poll) } }
              - { id: dead, category: electricity, device: { profile: eastron-sdm630, link: a, unit: 2, \(poll) } }
              - { id: garbage, category: electricity, device: { profile: eastron-sdm630, link: a, unit: 3, \(poll) } }
              - { id: water, category: water, device: { profile: siemens-sitrans-mag, link: b, unit: 1, \(poll) } }
              - { id: dropper, category: electricity, device: { profile: eastron-sdm120, link: b, unit: 2, \(poll) } }
              - { id: ups, category: ups, device: { profile: apc-smart-ups, link: c, unit: 1, \(poll) } }
            """
        let config = try SiteConfig.parse(yaml: yaml, file: "\(dir)/meterwatch.yaml")
        let start: Int64 = 1_795_000_000_000
        let clock = ManualClock(nowMs: start)
        let store = try MeterStore(path: config.storage.path, calendar: try LocalCalendar(timeZone: "Asia/Taipei"), clock: clock)
        let devices = try Collector.devices(of: config) { try DeviceProfile.load(path: "\(config.profilesDirectory)/\($0).yaml") }
        let collector = Collector(devices: devices, links: config.links, store: store, flushIntervalMs: 250, clock: clock)
        collector.start()
        // Three link threads and the writer: each round, every thread has done what is due and sleeps.
        func settle() throws {
            guard clock.waitUntilSleeping(threads: 4) else { throw PeerError("the collector did not settle") }
        }
        try settle()
        // 6 s of the collector's time in 500 ms steps.
        for _ in 0..<12 {
            clock.advance(ms: 500)
            try settle()
        }
        let done = DispatchSemaphore(value: 0)
        collector.onStopped { done.signal() }
        collector.requestStop()
        done.wait()

        for (meter, quantity) in [("main", "power_active"), ("water", "flow_rate"), ("ups", "ups_status")] {
            let series = try #require(try store.series(SeriesKey(meter: meter, quantity: Quantity(quantity))))
            let samples = try store.samples(series: series.id, from: start, to: start + 6_001)
            // Every 500 ms slot was polled, on time, whatever its neighbours did.
            #expect(samples.map(\.ms) == (0...12).map { start + Int64($0) * 500 }, "\(meter): \(gaps(samples))")
        }
        let health = Dictionary(collector.currentHealth.map { ($0.meter, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(health["main"]?.state == .ok)
        #expect(health["water"]?.state == .ok)
        #expect(health["dead"]?.state == .offline)
        #expect(health["garbage"]?.state == .offline)
        #expect(health["dropper"]?.state == .offline)
        #expect((health["garbage"]?.errors["exception"] ?? 0) >= 3)
        #expect((health["dropper"]?.errors["connection"] ?? 0) >= 3)
        // Backoff: a dead device is retried after 0.5 s, 1 s, 2 s, 4 s: at t = 0, 0.5, 1.5, 3.5 s
        // within 6 s, so 4 timeouts, not 13.
        #expect(health["dead"]?.errors["timeout"] == 4)
        // Everything polled was stored, and health was saved for `meterwatch devices`.
        let stats = collector.currentStats
        #expect(stats.buffered == 0 && stats.dropped == 0)
        let stored = try store.stats()
        #expect(stored.series.reduce(0) { $0 + $1.samples } == stats.samplesWritten)
        let docs = try store.deviceHealth()
        #expect(Set(docs.map(\.meter)) == ["main", "dead", "garbage", "water", "dropper", "ups"])
        #expect(docs.first { $0.meter == "dead" }?.document.contains("\"offline\"") == true)
        withExtendedLifetime((simA, simB, simC)) {}
    }

    @Test func backoffDoublesUpToItsCap() {
        let b = Backoff(baseMs: 5_000, capMs: 60_000)
        #expect((0...6).map { b.delayMs(afterFailures: $0) } == [0, 5_000, 10_000, 20_000, 40_000, 60_000, 60_000])
        #expect(LinkWorker.next(after: 10_000, period: 1_000, now: 10_500) == 11_000)
        // Missed slots are skipped, keeping the phase.
        #expect(LinkWorker.next(after: 10_000, period: 1_000, now: 13_200) == 14_000)
    }

    @Test func sinkIsBoundedAndKeepsTheNewest() {
        let sink = SampleSink(capacity: 10)
        for i in 0..<6 { sink.add(PolledSamples(meter: "m", ms: Int64(i), values: ["power_active": 1, "frequency": 60])) }
        #expect(sink.pendingCount == 10)
        #expect(sink.dropped == 2)
        let taken = sink.take()
        #expect(taken.map(\.ms) == [1, 2, 3, 4, 5])
        sink.putBack(taken)
        #expect(sink.pendingCount == 10)
    }
}

@Suite(.serialized) struct CollectorBufferTests {
    /// Another process holds the store's write lock longer than the busy timeout: the collector
    /// buffers, says so, and writes everything once the store is back. Nothing is lost.
    @Test func storeBrieflyUnavailableIsBufferedNotLost() throws {
        let sim = try RunningSimulator([SimulatedDeviceSpec(unit: 1, profile: try shippedProfile("eastron-sdm630"))])
        guard case .tcp(_, let port) = sim.endpoint else {
            Issue.record("the simulator should listen on TCP: \(sim.endpoint)")
            return
        }
        let dir = try temporaryDirectory()
        let path = "\(dir)/site.sqlite"
        let start: Int64 = 1_795_000_000_000
        let clock = ManualClock(nowMs: start)
        let store = try MeterStore(path: path, calendar: try LocalCalendar(timeZone: "Asia/Taipei"), busyTimeout: 0.1, clock: clock)
        let meter = MeterConfig(id: "main", name: LocalizedName(en: "Main"), category: .electricity, unit: "kWh")
        let device = CollectorDevice(
            meter: meter, binding: DeviceBinding(profile: "eastron-sdm630", link: "gw", unit: 1, fastPollMs: 200, slowPollMs: 200),
            profile: try shippedProfile("eastron-sdm630"))
        let collector = Collector(
            devices: [device], links: [LinkConfig(id: "gw", endpoint: .tcp(host: "127.0.0.1", port: port), silentGapMs: 0)],
            store: store, flushIntervalMs: 200, clock: clock)
        collector.start()
        func step(_ count: Int) throws {
            for _ in 0..<count {
                clock.advance(ms: 200)
                guard clock.waitUntilSleeping(threads: 2) else { throw PeerError("the collector did not settle") }
            }
        }
        try step(3)
        #expect(collector.currentStats.flushes >= 1)
        // A second process (the sqlite3 shell) takes the write lock and keeps it for 2 s of the
        // collector's time: ten polls and ten failed writes.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        locker.arguments = [path]
        let input = Pipe()
        let output = Pipe()
        locker.standardInput = input
        locker.standardOutput = output
        try locker.run()
        input.fileHandleForWriting.write(
            Data("BEGIN EXCLUSIVE;\nINSERT INTO meta(key, value) VALUES ('lock-test', 'x');\n.print locked\n".utf8))
        _ = output.fileHandleForReading.availableData  // blocks until "locked" is printed
        let lockStart = clock.nowMs()
        try step(10)
        let lockEnd = clock.nowMs()
        let during = collector.currentStats
        #expect(during.failedFlushes >= 1)
        #expect(during.buffered > 0)
        input.fileHandleForWriting.write(Data("COMMIT;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        locker.waitUntilExit()
        try step(3)
        let done = DispatchSemaphore(value: 0)
        collector.onStopped { done.signal() }
        collector.requestStop()
        done.wait()
        let after = collector.currentStats
        #expect(after.buffered == 0 && after.dropped == 0)
        let stored = try store.stats().series.reduce(0) { $0 + $1.samples }
        #expect(stored == after.samplesWritten)
        #expect(after.samplesWritten > during.samplesWritten)
        // Every poll taken while the store was locked was kept and written afterwards.
        let series = try #require(try store.series(SeriesKey(meter: "main", quantity: "power_active")))
        let held = try store.samples(series: series.id, from: lockStart + 1, to: lockEnd + 1)
        #expect(held.map(\.ms) == (1...10).map { lockStart + Int64($0) * 200 })
        withExtendedLifetime(sim) {}
    }
}
