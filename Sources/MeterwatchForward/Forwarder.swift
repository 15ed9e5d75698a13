import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Sends an edge's logged writes (`MeterStore.pendingChanges`) to its central, oldest first, in
/// requests of at most `forward.batch` readings, and deletes each logged change once the central
/// has stored all of its readings. Resumable by construction: what is not acknowledged is sent
/// again, and the central stores a reading sent twice as unchanged.
///
/// The store is read and written on a dedicated thread, off the cooperative pool.
public final class Forwarder: Sendable {
    public let target: any ForwardTarget
    let store: MeterStore
    let logger: Logger
    let clock: any TimeSource
    /// How often what is new is sent, and readings per batch at most.
    let everyMs: Int64
    let batchReadings: Int
    /// Whether the store's alerts and device health go too: an edge's do; a central forwarding its
    /// own file keeps them where they are.
    let forwardsAlertsAndDevices: Bool
    /// Alert history entries per request at most.
    static let alertEventsPerBatch = 500
    /// Fuel log rows per request at most.
    static let refuelsPerBatch = 2_000
    /// A device's health is sent again when its state changes, or when the one the central holds is this old.
    static let deviceHealthEveryMs: Int64 = 60_000
    let worker = BlockingWorker(name: "forwarder")
    /// Logged changes read per pass.
    static let changesPerPass = 1_000
    /// A failing central is retried after `every` doubling per failure, up to this.
    static let longestRetryMs: Int64 = 300_000

    /// What one call of `forwardPending` did.
    public struct Round: Sendable, Equatable {
        public var requests = 0
        public var readings = 0
        public var alertEvents = 0
        public var auditEntries = 0
        public var deletions = 0
        public var refuels = 0
        public var devices = 0
        public var error: ForwardError?
    }

    /// An edge's forwarder to its central over HTTP (`forward:`).
    public convenience init(
        config: ForwardConfig, store: MeterStore, logger: Logger = Logger(label: "meterwatch.forward"), clock: any TimeSource
    ) {
        self.init(
            target: HTTPForwardTarget(config: config), store: store, everyMs: config.everyMs, batchReadings: config.batchReadings,
            forwardsAlertsAndDevices: true, logger: logger, clock: clock)
    }

    public init(
        target: any ForwardTarget, store: MeterStore, everyMs: Int64, batchReadings: Int, forwardsAlertsAndDevices: Bool,
        logger: Logger = Logger(label: "meterwatch.forward"), clock: any TimeSource
    ) {
        self.target = target
        self.store = store
        self.everyMs = everyMs
        self.batchReadings = batchReadings
        self.forwardsAlertsAndDevices = forwardsAlertsAndDevices
        self.logger = logger
        self.clock = clock
    }

    /// Sends until cancelled: what is pending every `every`, sooner again after a full batch, later
    /// after a failure (doubling, up to five minutes).
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            let round = await forwardPending()
            if let error = round.error {
                if failures == 0 { logger.warning("forwarding to \(target.name) paused: \(error)") }
                failures += 1
            } else {
                if failures > 0 { logger.info("forwarding to \(target.name) resumed") }
                failures = 0
            }
            do { try await clock.sleep(ms: Self.retryDelayMs(failures: failures, everyMs: everyMs)) } catch { return }
        }
    }

    /// The wait before the next round: `every`, doubled per failure in a row, at most five minutes.
    static func retryDelayMs(failures: Int, everyMs: Int64) -> Int64 {
        guard failures > 0 else { return everyMs }
        return min(longestRetryMs, everyMs << Int64(min(failures, 12)))
    }

    /// Sends everything logged so far; stops at the first failure (recorded in the store, and
    /// returned), leaving the rest for the next call.
    public func forwardPending() async -> Round {
        var round = Round()
        do {
            try await worker.run { [store] in _ = try store.enableForwarding() }
            while !Task.isCancelled {
                let changes = try await worker.run { [store] in try store.pendingChanges(limit: Self.changesPerPass) }
                guard !changes.isEmpty else { break }
                try await send(changes, &round)
                if changes.count < Self.changesPerPass { break }
            }
            try await sendRefuels(&round)
            if forwardsAlertsAndDevices {
                try await sendAlerts(&round)
                try await sendAudit(&round)
                try await sendDevices(&round)
            }
        } catch is CancellationError {
            // Stopping is not a failure of the central.
        } catch {
            let failure = error as? ForwardError ?? .unreachable("\(error)")
            round.error = failure
            let now = clock.nowMs()
            try? await worker.run { [store] in try store.recordForwardError(failure.description, atMs: now) }
        }
        return round
    }

    /// Sends the readings of `changes` in batches, acknowledging each change once all of its
    /// readings are stored at the central.
    func send(_ changes: [ForwardChange], _ round: inout Round) async throws {
        var batch = ForwardBatch()
        var complete: Int64?
        for change in changes {
            if change.deleted {
                let key = change.series.key
                batch.deletions =
                    (batch.deletions ?? [])
                    + [ForwardDeletion(meter: key.meter, quantity: key.quantity.name, fromMs: change.fromMs, toMs: change.toMs + 1)]
                complete = change.seq
                continue
            }
            let values = try await worker.run { [store] in try Self.values(store, change) }
            var offset = 0
            repeat {
                let take = min(batchReadings - batch.count, values.count - offset)
                if take > 0 { Self.add(change, values[offset..<offset + take], to: &batch) }
                offset += take
                if offset == values.count { complete = change.seq }
                if batch.count >= batchReadings {
                    // A graceful stop waits for no more than the batch in flight; the rest is sent on the next start.
                    try Task.checkCancellation()
                    try await post(batch, acknowledging: complete, &round)
                    batch = ForwardBatch()
                }
            } while offset < values.count
        }
        if batch.count > 0 || complete != nil { try await post(batch, acknowledging: complete, &round) }
    }

    /// The fuel log's rows not sent yet, after the readings (the cars' litres are among them).
    func sendRefuels(_ round: inout Round) async throws {
        while !Task.isCancelled {
            let refuels = try await worker.run { [store] in try store.pendingRefuelForwards(limit: Self.refuelsPerBatch) }
            guard let last = refuels.last?.id else { return }
            _ = try await target.deliver(ForwardBatch(refuels: refuels))
            round.requests += 1
            round.refuels += refuels.count
            try await worker.run { [store] in try store.acknowledgeForwardedRefuels(through: last) }
            if refuels.count < Self.refuelsPerBatch { return }
        }
    }

    /// The devices whose health the central should see again, in one request.
    func sendDevices(_ round: inout Round) async throws {
        let devices = try await worker.run { [store] in try store.pendingDeviceHealthForwards(resendAfterMs: Self.deviceHealthEveryMs) }
        guard !devices.isEmpty else { return }
        _ = try await target.deliver(ForwardBatch(devices: devices))
        round.requests += 1
        round.devices += devices.count
        try await worker.run { [store] in try store.acknowledgeForwardedDeviceHealth(devices) }
    }

    /// The audit entries made at the edge since the last acknowledged one.
    func sendAudit(_ round: inout Round) async throws {
        let edge = try await worker.run { [store] in try store.storeID() }
        while !Task.isCancelled {
            let events = try await worker.run { [store] in try store.pendingAuditForwards(limit: Self.alertEventsPerBatch) }
            guard let last = events.compactMap(\.id).max() else { return }
            var batch = ForwardBatch()
            batch.audit = events
            batch.edge = edge
            _ = try await target.deliver(batch)
            round.requests += 1
            round.auditEntries += events.count
            try await worker.run { [store] in try store.acknowledgeForwardedAudit(through: last) }
            if events.count < Self.alertEventsPerBatch { return }
        }
    }

    /// The alerts whose history moved since the last acknowledged entry, after the readings.
    func sendAlerts(_ round: inout Round) async throws {
        let edge = try await worker.run { [store] in try store.storeID() }
        while !Task.isCancelled {
            let alerts = try await worker.run { [store] in try store.pendingAlertForwards(limit: Self.alertEventsPerBatch) }
            let events = alerts.flatMap(\.events)
            guard let last = events.map(\.id).max() else { return }
            var batch = ForwardBatch(alerts: alerts)
            batch.edge = edge
            _ = try await target.deliver(batch)
            round.requests += 1
            round.alertEvents += events.count
            try await worker.run { [store] in try store.acknowledgeForwardedAlerts(through: last) }
            if events.count < Self.alertEventsPerBatch { return }
        }
    }

    /// A change's readings as `[ms, value]`, or its interval totals as `[start, end, value]`.
    static func values(_ store: MeterStore, _ change: ForwardChange) throws -> [[Double]] {
        if change.intervals {
            return try store.intervalTotals(series: change.series.id, from: change.fromMs, to: change.toMs + 1).map {
                [Double($0.startMs), Double($0.endMs), $0.value]
            }
        }
        return try store.samples(series: change.series.id, from: change.fromMs, to: change.toMs + 1).map { [Double($0.ms), $0.value] }
    }

    static func add(_ change: ForwardChange, _ values: ArraySlice<[Double]>, to batch: inout ForwardBatch) {
        let key = change.series.key
        let index =
            batch.series.firstIndex { $0.meter == key.meter && $0.quantity == key.quantity.name }
            ?? {
                batch.series.append(
                    ForwardSeries(
                        meter: key.meter, quantity: key.quantity.name, kind: change.series.kind.rawValue, unit: change.series.unit))
                return batch.series.count - 1
            }()
        if change.intervals {
            batch.series[index].intervals = (batch.series[index].intervals ?? []) + values
        } else {
            batch.series[index].samples = (batch.series[index].samples ?? []) + values
        }
    }

    /// POSTs a batch (when it holds anything), then records it and deletes the changes up to
    /// `acknowledging`.
    func post(_ batch: ForwardBatch, acknowledging seq: Int64?, _ round: inout Round) async throws {
        if !batch.isEmpty {
            _ = try await target.deliver(batch)
            round.requests += 1
            round.readings += batch.count
            round.deletions += batch.deletions?.count ?? 0
        }
        let now = clock.nowMs()
        let count = batch.count
        try await worker.run { [store] in try store.acknowledgeForwarded(through: seq, readings: count, atMs: now) }
    }

}
