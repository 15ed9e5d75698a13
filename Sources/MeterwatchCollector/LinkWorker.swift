import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import Synchronization

/// One link: one dedicated thread, one libmodbus context, its devices polled in turn.
/// Blocking libmodbus calls never run on Swift's cooperative pool.
///
/// Schedules run on the monotonic clock; samples are stamped with the wall clock. A jump of the
/// wall clock is logged, and samples stamped across it are not stored (see `ClockJumpDetector`).
final class LinkWorker: Sendable {
    let link: LinkConfig
    let devices: [CollectorDevice]
    let sink: SampleSink
    let health: HealthBoard
    let log: @Sendable (String) -> Void
    let clock: any TimeSource
    let limits: PlausibilityLimits
    private let stopFlag = Atomic<Bool>(false)
    /// Signalled to cut a sleep short on stop.
    private let wakeup = Wakeup()
    private let finished = DispatchSemaphore(value: 0)

    init(
        link: LinkConfig, devices: [CollectorDevice], sink: SampleSink, health: HealthBoard, clock: any TimeSource,
        limits: PlausibilityLimits, log: @escaping @Sendable (String) -> Void
    ) {
        self.link = link
        self.devices = devices
        self.sink = sink
        self.health = health
        self.clock = clock
        self.limits = limits
        self.log = log
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
        wakeup.signal()
    }

    /// Blocks until the thread has left its loop (at most one transaction's timeout after `stop`).
    func waitUntilFinished() { finished.wait() }

    /// Per-device scheduling state, owned by the link thread. Times are monotonic milliseconds.
    private struct Slot {
        var session: DeviceSession
        var nextFast: Int64 = 0
        var nextSlow: Int64 = 0
        var onceDone = false
        var failures = 0
        var retryAt: Int64 = 0
        var backoff: Backoff
        /// Rejections per point, so that a register answering garbage is logged once, not every poll.
        var rejectedPoints: [String: Int] = [:]
        /// The device's latest stamp handed to the store: after a backward jump, nothing at or before
        /// it is stored (devices of a link may share a millisecond; one device's polls never do).
        var lastStampMs = Int64.min
    }

    /// Wall-clock bookkeeping of the link thread.
    private struct WallClockWatch {
        var detector: ClockJumpDetector
        /// Since when samples are held (a clock set back, or reading before the start of history).
        var holdingSince: Int64?
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
        var watch = WallClockWatch(detector: ClockJumpDetector(forwardToleranceMs: limits.clockSkewMs))
        while !stopFlag.load(ordering: .relaxed) {
            for i in slots.indices {
                if stopFlag.load(ordering: .relaxed) { break }
                poll(i, &slots[i], client: client, watch: &watch)
            }
            // Sleep until the earliest due time (or a stop).
            let now = clock.monotonicMs()
            var due = now + 1000
            for s in slots {
                if s.retryAt > now {
                    due = min(due, s.retryAt)
                    continue
                }
                due = min(due, s.nextFast, max(s.nextSlow, now))
                if !s.onceDone { due = now }
            }
            if due > now { clock.sleep(untilMonotonicNs: UInt64(due) * 1_000_000, wakeup: wakeup) }
        }
        client.close()
    }

    private func poll(_ i: Int, _ slot: inout Slot, client: ModbusClient, watch: inout WallClockWatch) {
        let d = devices[i]
        let now = clock.monotonicMs()
        if now < slot.retryAt { return }
        var classes: Set<PollClass> = []
        if now >= slot.nextFast { classes.insert(.fast) }
        if now >= slot.nextSlow { classes.insert(.slow) }
        if !slot.onceDone { classes.insert(.once) }
        guard !classes.isEmpty else { return }
        client.setTimeout(ms: d.binding.timeoutMs ?? d.profile.responseTimeoutMs)
        let stamp = clock.nowMs()
        noteJump(watch.detector.check(wallMs: stamp, monotonicMs: now), during: false, watch: &watch)
        let started = clock.monotonicNs()
        let poll = slot.session.poll(client, classes: classes)
        let elapsedMs = Double(clock.monotonicNs() - started) / 1e6
        let jumpedDuring = noteJump(
            watch.detector.check(wallMs: clock.nowMs(), monotonicMs: clock.monotonicMs()), during: true, watch: &watch)
        for l in poll.learned { log("\(d.label): \(l)") }
        if let failure = poll.failure {
            slot.failures += 1
            slot.retryAt = clock.monotonicMs() + slot.backoff.delayMs(afterFailures: slot.failures)
            if slot.failures == DeviceHealth.offlineAfter { log("\(d.label) is offline: \(failure)") }
            record(d, poll: poll, elapsedMs: elapsedMs, failures: slot.failures, retryAt: slot.retryAt, samples: 0, rejected: 0)
            if case .connection = failure { client.close() }
            return
        }
        if slot.failures >= DeviceHealth.offlineAfter { log("\(d.label) answers again") }
        slot.failures = 0
        slot.retryAt = 0
        // Schedule from the planned time, not from now, so cadence does not drift.
        if classes.contains(.fast) { slot.nextFast = Self.next(after: slot.nextFast, period: d.binding.fastPollMs, now: now) }
        if classes.contains(.slow) { slot.nextSlow = Self.next(after: slot.nextSlow, period: d.binding.slowPollMs, now: now) }
        if classes.contains(.once) { slot.onceDone = true }

        let (values, rejected) = plausibleValues(d, poll, &slot)
        var stored = 0
        if !values.isEmpty, storable(stamp, after: slot.lastStampMs, jumpedDuring: jumpedDuring, watch: &watch) {
            sink.add(PolledSamples(meter: d.meter.id, ms: stamp, values: values))
            slot.lastStampMs = stamp
            stored = values.count
        }
        record(d, poll: poll, elapsedMs: elapsedMs, failures: 0, retryAt: nil, samples: stored, rejected: rejected)
    }

    /// Values that fit their quantity; the others are dropped one by one (never the whole poll) and
    /// logged with the device and register, the first time a point answers such a value.
    private func plausibleValues(_ d: CollectorDevice, _ poll: DevicePoll, _ slot: inout Slot) -> ([Quantity: Double], Int) {
        var accepted = poll
        var rejected = 0
        accepted.readings = poll.readings.filter { r in
            guard let q = r.quantity, let v = r.value else { return true }
            let kind = q.canonical?.kind ?? .gauge
            guard let problem = limits.check(value: v, quantity: q, kind: kind, rules: d.meter.counterRules) else { return true }
            rejected += 1
            let seen = slot.rejectedPoints[r.id, default: 0]
            slot.rejectedPoints[r.id] = seen + 1
            if seen == 0 || (seen + 1) % 1000 == 0 {
                let register = d.profile.point(r.id).map { " (\($0.table.rawValue) register \($0.address))" } ?? ""
                let times = seen == 0 ? "" : " (\(seen + 1) times so far)"
                log("\(d.label): point \(r.id)\(register): \(problem.message(LocalCalendar(rules: .utc))); not stored\(times)")
            }
            return false
        }
        var values = accepted.valuesByQuantity
        // Combined values (two status words) are checked again.
        for (q, v) in values
        where limits.check(value: v, quantity: q, kind: q.canonical?.kind ?? .gauge, rules: d.meter.counterRules) != nil {
            values[q] = nil
            rejected += 1
        }
        return (values, rejected)
    }

    /// Whether samples stamped `stamp` may be stored: not taken across a clock jump, not before
    /// the start of history (a host that booted without its clock), not at or before the device's
    /// sample taken before (`previous`: the clock was set back).
    private func storable(_ stamp: Int64, after previous: Int64, jumpedDuring: Bool, watch: inout WallClockWatch) -> Bool {
        if jumpedDuring { return false }
        if stamp < limits.earliestMs {
            if watch.holdingSince == nil {
                watch.holdingSince = stamp
                log(
                    "link \(link.id): the host's clock reads \(LocalCalendar(rules: .utc).isoString(stamp)), before the start of history; "
                        + "not storing samples until it is set"
                )
            }
            return false
        }
        if stamp <= previous {
            if watch.holdingSince == nil {
                watch.holdingSince = stamp
                log(
                    "link \(link.id): the host's clock is behind samples already taken; holding samples until it passes "
                        + "\(LocalCalendar(rules: .utc).isoString(previous))"
                )
            }
            return false
        }
        if let since = watch.holdingSince {
            log("link \(link.id): storing samples again (held since \(LocalCalendar(rules: .utc).isoString(since)))")
            watch.holdingSince = nil
        }
        return true
    }

    /// Logs a wall-clock jump; true when there was one.
    @discardableResult
    private func noteJump(_ jump: Int64?, during: Bool, watch: inout WallClockWatch) -> Bool {
        guard let jump else { return false }
        let direction = jump < 0 ? "back" : "forward"
        let amount = String(format: "%.1f", Double(abs(jump)) / 1000)
        log(
            "link \(link.id): the host's clock jumped \(direction) by \(amount) "
                + "s\(during ? " during a poll; its samples are not stored" : "")"
        )
        return true
    }

    /// The first multiple of `period` after `previous` that is in the future (skips missed slots).
    static func next(after previous: Int64, period: Int64, now: Int64) -> Int64 {
        guard previous > 0 else { return now + period }
        var n = previous + period
        if n <= now { n = now + period - floorMod(now - previous, period) }
        return n
    }

    private func record(
        _ d: CollectorDevice, poll: DevicePoll, elapsedMs: Double, failures: Int, retryAt: Int64?, samples: Int, rejected: Int
    ) {
        let now = clock.nowMs()
        let monotonicNow = clock.monotonicMs()
        health.devices.withLock { all in
            var h =
                all[d.meter.id]
                ?? DeviceHealth(meter: d.meter.id, profile: d.profile.id, link: link.id, unit: d.binding.unit, state: .pending)
            h.polls += 1
            h.requests += poll.requests
            for e in poll.errors { h.errors[e.kind, default: 0] += 1 }
            h.consecutiveFailures = failures
            h.lastPollMs = now
            h.backoffUntilMs = retryAt.map { now + ($0 - monotonicNow) }
            h.samplesWritten += samples
            h.rejectedValues += rejected
            if let f = poll.failure {
                h.lastError = "\(f)"
                h.state = failures >= DeviceHealth.offlineAfter ? .offline : .degraded
            } else {
                h.lastSuccessMs = now
                h.lastLatencyMs = elapsedMs
                h.averageLatencyMs = h.averageLatencyMs.map { $0 * 0.8 + elapsedMs * 0.2 } ?? elapsedMs
                let missing = poll.readings.contains { $0.quantity != nil && $0.value == nil }
                if !poll.errors.isEmpty { h.lastError = "\(poll.errors.last!)" }
                h.state = poll.errors.isEmpty && !missing && rejected == 0 ? .ok : .degraded
            }
            all[d.meter.id] = h
        }
    }
}
