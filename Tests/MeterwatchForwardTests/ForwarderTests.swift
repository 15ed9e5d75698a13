import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import MeterwatchTestSupport
import Synchronization
import Testing

@testable import MeterwatchForward

/// The forwarder in process, on the manual clock: an edge's SQLite store forwarding into a central's
/// SQLite store (`CentralStoreForwardTarget`, the same checks a batch gets over HTTP), through a
/// target that answers as a failing central would before it lets a batch through.
@Suite struct ForwarderTests {
    static let yaml = """
        site: { name: City, timezone: Asia/Taipei }
        sites:
          - { id: library }
        meters:
          - { id: lib-power, site: library, category: electricity }
        """

    /// A central that refuses (or cannot be reached) for its first answers, then stores.
    final class FlakyCentral: ForwardTarget {
        let central: CentralStoreForwardTarget
        let failures: Mutex<[ForwardError]>
        let calls = Mutex(0)
        var name: String { "flaky central" }

        init(_ central: CentralStoreForwardTarget, failing failures: [ForwardError]) {
            self.central = central
            self.failures = Mutex(failures)
        }

        func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
            calls.withLock { $0 += 1 }
            if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw failure }
            return try await central.deliver(batch)
        }
    }

    /// An edge and a central in temporary folders, and the edge's readings logged for forwarding.
    final class Pair {
        let folder: TemporaryFolder
        let config: SiteConfig
        let clock: ManualClock
        let edge: MeterStore
        let central: MeterStore
        let spec = SeriesSpec(key: SeriesKey(meter: "lib-power", quantity: .energyImport), kind: .counter, unit: "kWh")

        init(readings: Int) throws {
            folder = try TemporaryFolder("mw-forward")
            config = try SiteConfig.parse(yaml: ForwarderTests.yaml, file: folder.file("meterwatch.yaml"), environment: [:])
            let calendar = try LocalCalendar(timeZone: "Asia/Taipei")
            let start = try TimeParser(calendar: calendar).parseInstant("2026-03-01T00:00:00+08:00")
            clock = ManualClock(nowMs: start + Int64(readings + 60) * 60_000)
            edge = try MeterStore(path: folder.file("edge.sqlite"), calendar: calendar, clock: clock)
            central = try MeterStore(path: folder.file("central.sqlite"), calendar: calendar, clock: clock)
            try edge.enableForwarding()
            let samples = (0..<readings).map { Sample(ms: start + Int64($0) * 60_000, value: 1_000 + Double($0) * 0.5) }
            _ = try edge.ingest(samples: [spec: samples])
        }

        func target(failing failures: [ForwardError]) -> FlakyCentral {
            FlakyCentral(CentralStoreForwardTarget(central: central, name: "central", config: config, clock: clock), failing: failures)
        }

        func forwarder(_ target: FlakyCentral, batch: Int = 20_000) -> Forwarder {
            Forwarder(target: target, store: edge, everyMs: 10_000, batchReadings: batch, forwardsAlertsAndDevices: false, clock: clock)
        }

        /// The central's readings of the meter, every one.
        func centralReadings() throws -> [Sample] {
            guard let series = try central.series(spec.key) else { return [] }
            return try central.samples(series: series.id, from: 0, to: Int64.max)
        }
    }

    @Test func aFailingCentralIsRetriedAfterEveryDoublingUpToFiveMinutes() {
        let delays = (0...8).map { Forwarder.retryDelayMs(failures: $0, everyMs: 10_000) }
        #expect(delays == [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000])
        // However long the outage, the delay stays bounded (no overflow from the shift).
        #expect(Forwarder.retryDelayMs(failures: 10_000, everyMs: 10_000) == 300_000)
        #expect(Forwarder.retryDelayMs(failures: 3, everyMs: 120_000) == 300_000)
    }

    @Test(arguments: [
        ForwardError.refused(status: 503, detail: "the central is starting"),
        ForwardError.refused(status: 403, detail: "the token may not forward for library"),
        ForwardError.refused(status: 422, detail: "/series/0/samples/3/value: not a number"),
        ForwardError.unreachable("connection refused"),
    ])
    func aRefusedBatchKeepsItsChangesUntilTheCentralStoresThem(_ failure: ForwardError) async throws {
        let pair = try Pair(readings: 500)
        let pending = try pair.edge.pendingChanges(limit: 100).count
        #expect(pending > 0)
        let target = pair.target(failing: [failure])
        let refused = await pair.forwarder(target).forwardPending()
        #expect(refused.error == failure && refused.readings == 0)
        #expect(try pair.edge.pendingChanges(limit: 100).count == pending, "a change the central did not store was forgotten")
        #expect(try pair.centralReadings().isEmpty)
        // The edge records why, for `forward status` and the Devices page.
        #expect(try pair.edge.forwardState().lastError?.contains(failure.description) == true)

        let stored = await pair.forwarder(target).forwardPending()
        #expect(stored.error == nil && stored.readings == 500)
        #expect(try pair.edge.pendingChanges(limit: 100).isEmpty, "acknowledged changes are deleted")
        #expect(try pair.centralReadings().count == 500)
    }

    @Test func aRestartInTheMiddleOfAChangeStoresEveryReadingOnce() async throws {
        // One change of 1,000 readings sent in batches of 300: the third batch fails, the edge
        // restarts (a new forwarder on the same store), and sends the change again from its start.
        let pair = try Pair(readings: 1_000)
        // Two batches through, then the central goes away.
        let broken = BrokenAfter(pair.target(failing: []), successes: 2)
        let round = await Forwarder(
            target: broken, store: pair.edge, everyMs: 10_000, batchReadings: 300, forwardsAlertsAndDevices: false, clock: pair.clock
        ).forwardPending()
        #expect(round.error != nil && round.requests == 2 && round.readings == 600)
        #expect(try pair.centralReadings().count == 600)
        #expect(try !pair.edge.pendingChanges(limit: 10).isEmpty, "a change half sent was acknowledged")

        let restarted = await pair.forwarder(pair.target(failing: []), batch: 300).forwardPending()
        #expect(restarted.error == nil)
        let readings = try pair.centralReadings()
        #expect(readings.count == 1_000 && Set(readings.map(\.ms)).count == 1_000, "a reading was lost or doubled")
        #expect(readings.map(\.value) == (0..<1_000).map { 1_000 + Double($0) * 0.5 })
        #expect(try pair.edge.pendingChanges(limit: 10).isEmpty)
    }

    /// Lets `successes` batches through, then answers nothing more.
    final class BrokenAfter: ForwardTarget {
        let inner: FlakyCentral
        let left: Mutex<Int>
        var name: String { "central that goes away" }
        init(_ inner: FlakyCentral, successes: Int) {
            self.inner = inner
            left = Mutex(successes)
        }
        func deliver(_ batch: ForwardBatch) async throws -> ForwardReceipt {
            let allowed = left.withLock { n -> Bool in
                n -= 1
                return n >= 0
            }
            guard allowed else { throw ForwardError.unreachable("connection reset") }
            return try await inner.deliver(batch)
        }
    }
}
