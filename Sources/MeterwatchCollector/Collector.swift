import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore
import Synchronization

/// Polls every configured device (one thread per link) and writes samples to the store in
/// batches from a writer thread of its own. Cancel the task running `run()` to stop: link threads
/// finish their transaction, the buffer is flushed, health is saved.
///
/// ```swift
/// let collector = Collector(devices: devices, links: config.links, store: store, limits: limits)
/// let task = Task { try await collector.run() }
/// …
/// task.cancel(); try await task.value
/// ```
/// No store call runs on Swift's cooperative pool: a store locked by another process (an import,
/// `db prune`) blocks the writer thread, never the HTTP handlers sharing the pool.
public final class Collector: Sendable {
    public let devices: [CollectorDevice]
    let links: [LinkConfig]
    let store: MeterStore
    let logger: Logger
    let flushIntervalMs: Int
    let clock: any TimeSource
    let limits: PlausibilityLimits
    let sink: SampleSink
    let health = HealthBoard()
    let stats = Mutex(CollectorStats())
    let seriesIDs = Mutex<[SeriesKey: Int64]>([:])
    let rejected = Mutex<Set<SeriesKey>>([])
    /// Meter configuration by id, for the series of each flushed sample.
    let meters: [String: MeterConfig]
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let stopped = Mutex<(done: Bool, callbacks: [@Sendable () -> Void])>((false, []))
    private let writerWakeup = Wakeup()

    public init(
        devices: [CollectorDevice], links: [LinkConfig], store: MeterStore, logger: Logger = Logger(label: "meterwatch.collector"),
        flushIntervalMs: Int = 1000, bufferCapacity: Int = 200_000, clock: any TimeSource = SystemClock(),
        limits: PlausibilityLimits? = nil
    ) {
        self.devices = devices
        self.links = links
        self.store = store
        self.logger = logger
        self.flushIntervalMs = flushIntervalMs
        self.clock = clock
        self.limits = limits ?? PlausibilityLimits(calendar: store.calendar)
        self.sink = SampleSink(capacity: bufferCapacity)
        self.meters = Dictionary(devices.map { ($0.meter.id, $0.meter) }, uniquingKeysWith: { a, _ in a })
        health.devices.withLock { h in
            for d in devices {
                h[d.meter.id] = DeviceHealth(
                    meter: d.meter.id, profile: d.profile.id, link: d.binding.link, unit: d.binding.unit, state: .pending)
            }
        }
    }

    /// The devices of a site configuration; `loadProfile` resolves a profile reference.
    public static func devices(of config: SiteConfig, loadProfile: (String) throws -> DeviceProfile) throws -> [CollectorDevice] {
        var cache: [String: DeviceProfile] = [:]
        return try config.meters.compactMap { m in
            guard let b = m.device else { return nil }
            let p = try cache[b.profile] ?? loadProfile(b.profile)
            cache[b.profile] = p
            return CollectorDevice(meter: m, binding: b, profile: p)
        }
    }

    public var currentHealth: [DeviceHealth] { health.devices.withLock { Array($0.values) }.sorted { $0.meter < $1.meter } }
    public var currentStats: CollectorStats {
        var s = stats.withLock { $0 }
        s.buffered = sink.pendingCount
        s.dropped = sink.dropped
        return s
    }

    /// Polls and writes until the calling task is cancelled, then stops the link threads, writes
    /// what is buffered and saves health. The waiting happens on the writer thread.
    public func run() async throws {
        start()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                onStopped { done.resume() }
            }
        } onCancel: {
            requestStop()
        }
        logger.info("collector stopped; \(currentStats.samplesWritten) samples written")
    }

    /// Starts the link threads and the writer thread, without needing Swift's cooperative pool
    /// (tests start a collector while other tests hold the pool). Idempotent.
    public func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let log: @Sendable (String) -> Void = { [logger] in logger.notice("\($0)") }
        var workers: [LinkWorker] = []
        for link in links {
            let ds = devices.filter { $0.binding.link == link.id }
            guard !ds.isEmpty else { continue }
            workers.append(LinkWorker(link: link, devices: ds, sink: sink, health: health, clock: clock, limits: limits, log: log))
        }
        for w in workers { w.start() }
        logger.info("collecting from \(devices.count) device(s) on \(workers.count) link(s)")
        let running = workers
        let writer = Thread { [self] in
            writerLoop(workers: running)
            let callbacks = stopped.withLock { s -> [@Sendable () -> Void] in
                s.done = true
                defer { s.callbacks = [] }
                return s.callbacks
            }
            for c in callbacks { c() }
        }
        writer.name = "collector-writer"
        writer.start()
    }

    /// Asks the collector to stop; it does so on its own threads (see `onStopped`).
    public func requestStop() {
        stopping.store(true, ordering: .relaxed)
        writerWakeup.signal()
    }

    /// Calls `body` once the collector stopped and wrote everything (at once if it already has).
    public func onStopped(_ body: @escaping @Sendable () -> Void) {
        let now = stopped.withLock { s -> Bool in
            if s.done { return true }
            s.callbacks.append(body)
            return false
        }
        if now { body() }
    }

    /// The writer thread: a flush every `flushIntervalMs` (monotonic), then the shutdown sequence.
    private func writerLoop(workers: [LinkWorker]) {
        let interval = UInt64(max(1, flushIntervalMs)) * 1_000_000
        var next = clock.monotonicNs() + interval
        while !stopping.load(ordering: .relaxed) {
            clock.sleep(untilMonotonicNs: next, wakeup: writerWakeup)
            let now = clock.monotonicNs()
            guard now >= next, !stopping.load(ordering: .relaxed) else { continue }
            flush()
            next += interval
            if next <= now { next = now + interval }
        }
        for w in workers { w.stop() }
        for w in workers { w.waitUntilFinished() }
        flush()
    }

    /// Writes buffered samples and the health snapshot; blocks, so call it from a thread of your
    /// own (the collector's writer thread does). A sample the store refuses (a time it does not
    /// accept, a series pruned past it) is dropped alone and counted; on any other store error the
    /// batch goes back into the (bounded) buffer and the collector says so.
    @discardableResult
    public func flush() -> Bool {
        let batch = sink.take()
        var ok = true
        if !batch.isEmpty {
            do {
                var (bySeries, written) = try seriesBatch(batch)
                var attempts = 0
                while true {
                    do {
                        _ = try store.append(bySeries)
                        break
                    } catch let e as StoreError {
                        attempts += 1
                        guard attempts <= 100, let (series, ms) = e.refusedSample,
                            let id = seriesIDs.withLock({ ids in
                                ids.first { $0.key.description == series }?.value
                            }), let k = bySeries[id]?.firstIndex(where: { $0.ms == ms })
                        else { throw e }
                        bySeries[id]!.remove(at: k)
                        written -= 1
                        stats.withLock { $0.refused += 1 }
                        let when = store.calendar.isoString(ms)
                        logger.warning("\(series): the store refused the sample at \(when) (\(e)); the rest of the batch is written")
                    }
                }
                stats.withLock {
                    $0.samplesWritten += written
                    $0.flushes += 1
                }
            } catch {
                ok = false
                sink.putBack(batch)
                let n = stats.withLock { s -> Int in
                    s.failedFlushes += 1
                    return s.failedFlushes
                }
                logger.warning("store unavailable (\(error)); buffering \(sink.pendingCount) samples (attempt \(n))")
            }
        }
        saveHealth()
        return ok
    }

    /// Polled values grouped by series (created as needed), each series sorted by time.
    private func seriesBatch(_ batch: [PolledSamples]) throws -> ([Int64: [Sample]], Int) {
        var bySeries: [Int64: [Sample]] = [:]
        var written = 0
        for p in batch {
            for (q, v) in p.values where v.isFinite {
                guard let meter = meters[p.meter], let c = q.canonical else { continue }
                let key = SeriesKey(meter: p.meter, quantity: q)
                if rejected.withLock({ $0.contains(key) }) { continue }
                let id: Int64
                do { id = try seriesID(key, kind: c.kind, unit: c.unit, rules: meter.counterRules) } catch let e as StoreError
                    where e.isSeriesMismatch
                {
                    // A series that exists with another kind or unit (e.g. imported bills): say so once, skip it.
                    rejected.withLock { _ = $0.insert(key) }
                    logger.error("\(key): \(e); its readings are not stored")
                    continue
                }
                bySeries[id, default: []].append(Sample(ms: p.ms, value: v))
                written += 1
            }
        }
        for k in bySeries.keys { bySeries[k]!.sort { $0.ms < $1.ms } }
        return (bySeries, written)
    }

    private func seriesID(_ key: SeriesKey, kind: SeriesKind, unit: String, rules: CounterRules) throws -> Int64 {
        if let id = seriesIDs.withLock({ $0[key] }) { return id }
        let info = try store.ensureSeries(key, kind: kind, unit: unit, rules: rules)
        seriesIDs.withLock { $0[key] = info.id }
        return info.id
    }

    private func saveHealth() {
        let now = clock.nowMs()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let docs = currentHealth.compactMap { h -> StoredDeviceHealth? in
            guard let data = try? encoder.encode(h) else { return nil }
            return StoredDeviceHealth(meter: h.meter, document: String(decoding: data, as: UTF8.self), updatedAtMs: now)
        }
        do { try store.saveDeviceHealth(docs) } catch { logger.warning("cannot save device health: \(error)") }
    }
}

extension StoreError {
    /// The series exists with another kind or unit: retrying will not help.
    var isSeriesMismatch: Bool {
        switch self {
        case .kindMismatch, .unitMismatch: true
        default: false
        }
    }

    /// The one sample the store refused, when the error is about a single sample.
    var refusedSample: (series: String, ms: Int64)? {
        switch self {
        case let .nonFiniteValue(series, ms), let .implausibleTime(series, ms), let .olderThanRetainedRaw(series, ms, _): (series, ms)
        default: nil
        }
    }
}
