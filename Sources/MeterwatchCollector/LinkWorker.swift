import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import Synchronization

/// A device as the collector polls it.
public struct CollectorDevice: Sendable {
    public var meter: MeterConfig
    public var binding: DeviceBinding
    public var profile: DeviceProfile
    public init(meter: MeterConfig, binding: DeviceBinding, profile: DeviceProfile) {
        self.meter = meter; self.binding = binding; self.profile = profile
    }
}

/// Readings of one device poll, ready for the store.
struct PolledSamples: Sendable {
    var meter: String
    var ms: Int64
    var values: [Quantity: Double]
}

/// One link: one dedicated thread, one libmodbus context, its devices polled in turn.
/// Blocking libmodbus calls never run on Swift's cooperative pool.
final class LinkWorker: Sendable {
    let link: LinkConfig
    let devices: [CollectorDevice]
    let sink: SampleSink
    let health: HealthBoard
    let log: @Sendable (String) -> Void
    private let stopFlag = Atomic<Bool>(false)
    /// Signalled to cut a sleep short on stop.
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    init(link: LinkConfig, devices: [CollectorDevice], sink: SampleSink, health: HealthBoard,
         log: @escaping @Sendable (String) -> Void) {
        self.link = link; self.devices = devices; self.sink = sink; self.health = health; self.log = log
    }

    func start() {
        let t = Thread { [self] in
            self.loop()
            self.finished.signal()
        }
        t.name = "modbus-\(link.id)"
        t.start()
    }

    func stop() {
        stopFlag.store(true, ordering: .relaxed)
        wake.signal()
    }

    /// Blocks until the thread has left its loop (at most one transaction's timeout after `stop`).
    func waitUntilFinished() { finished.wait() }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Per-device scheduling state, owned by the link thread.
    private struct Slot {
        var session: DeviceSession
        var nextFast: Int64 = 0
        var nextSlow: Int64 = 0
        var onceDone = false
        var failures = 0
        var retryAt: Int64 = 0
        var backoff: Backoff
    }

    private func loop() {
        let client: ModbusClient
        do { client = try ModbusClient(endpoint: link.endpoint) } catch {
            log("link \(link.id): \(error)")
            return
        }
        client.silentGapMs = link.silentGapMs
        var slots = devices.map { d in
            Slot(session: DeviceSession(profile: d.profile, unit: d.binding.unit), backoff: Backoff(baseMs: d.binding.fastPollMs))
        }
        while !stopFlag.load(ordering: .relaxed) {
            for i in slots.indices {
                if stopFlag.load(ordering: .relaxed) { break }
                let d = devices[i]
                let now = Self.nowMs()
                if now < slots[i].retryAt { continue }
                var classes: Set<PollClass> = []
                if now >= slots[i].nextFast { classes.insert(.fast) }
                if now >= slots[i].nextSlow { classes.insert(.slow) }
                if !slots[i].onceDone { classes.insert(.once) }
                guard !classes.isEmpty else { continue }
                client.setTimeout(ms: d.binding.timeoutMs ?? d.profile.responseTimeoutMs)
                let started = DispatchTime.now().uptimeNanoseconds
                let poll = slots[i].session.poll(client, classes: classes)
                let elapsedMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
                for l in poll.learned { log("\(d.meter.id) (\(d.profile.id) unit \(d.binding.unit) on \(link.id)): \(l)") }
                if let failure = poll.failure {
                    slots[i].failures += 1
                    let delay = slots[i].backoff.delayMs(afterFailures: slots[i].failures)
                    slots[i].retryAt = Self.nowMs() + delay
                    if slots[i].failures == DeviceHealth.offlineAfter {
                        log("\(d.meter.id) (\(d.profile.id) unit \(d.binding.unit) on \(link.id)) is offline: \(failure)")
                    }
                    record(d, poll: poll, elapsedMs: elapsedMs, failures: slots[i].failures, retryAt: slots[i].retryAt, samples: 0)
                    if case .connection = failure { client.close() }
                    continue
                }
                if slots[i].failures >= DeviceHealth.offlineAfter {
                    log("\(d.meter.id) (\(d.profile.id) unit \(d.binding.unit) on \(link.id)) answers again")
                }
                slots[i].failures = 0
                slots[i].retryAt = 0
                // Schedule from the planned time, not from now, so cadence does not drift.
                if classes.contains(.fast) { slots[i].nextFast = Self.next(after: slots[i].nextFast, period: d.binding.fastPollMs, now: now) }
                if classes.contains(.slow) { slots[i].nextSlow = Self.next(after: slots[i].nextSlow, period: d.binding.slowPollMs, now: now) }
                if classes.contains(.once) { slots[i].onceDone = true }
                let values = poll.valuesByQuantity
                if !values.isEmpty { sink.add(PolledSamples(meter: d.meter.id, ms: now, values: values)) }
                record(d, poll: poll, elapsedMs: elapsedMs, failures: 0, retryAt: nil, samples: values.count)
            }
            // Sleep until the earliest due time (or a stop).
            let now = Self.nowMs()
            var due = now + 1000
            for s in slots {
                if s.retryAt > now { due = min(due, s.retryAt); continue }
                due = min(due, s.nextFast, max(s.nextSlow, now))
                if !s.onceDone { due = now }
            }
            if due > now { _ = wake.wait(timeout: .now() + .milliseconds(Int(due - now))) }
        }
        client.close()
    }

    /// The first multiple of `period` after `previous` that is in the future (skips missed slots).
    static func next(after previous: Int64, period: Int64, now: Int64) -> Int64 {
        guard previous > 0 else { return now + period }
        var n = previous + period
        if n <= now { n = now + period - floorMod(now - previous, period) }
        return n
    }

    private func record(_ d: CollectorDevice, poll: DevicePoll, elapsedMs: Double, failures: Int, retryAt: Int64?, samples: Int) {
        let now = Self.nowMs()
        health.devices.withLock { all in
            var h = all[d.meter.id] ?? DeviceHealth(meter: d.meter.id, profile: d.profile.id, link: link.id, unit: d.binding.unit, state: .pending)
            h.polls += 1
            h.requests += poll.requests
            for e in poll.errors { h.errors[e.kind, default: 0] += 1 }
            h.consecutiveFailures = failures
            h.lastPollMs = now
            h.backoffUntilMs = retryAt
            h.samplesWritten += samples
            if let f = poll.failure {
                h.lastError = "\(f)"
                h.state = failures >= DeviceHealth.offlineAfter ? .offline : .degraded
            } else {
                h.lastSuccessMs = now
                h.lastLatencyMs = elapsedMs
                h.averageLatencyMs = h.averageLatencyMs.map { $0 * 0.8 + elapsedMs * 0.2 } ?? elapsedMs
                let missing = poll.readings.contains { $0.quantity != nil && $0.value == nil }
                if !poll.errors.isEmpty { h.lastError = "\(poll.errors.last!)" }
                h.state = poll.errors.isEmpty && !missing ? .ok : .degraded
            }
            all[d.meter.id] = h
        }
    }
}
