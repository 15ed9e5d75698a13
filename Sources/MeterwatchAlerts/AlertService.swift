import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Live alerting inside the service: evaluates every rule on the stored data every
/// `evaluate_every`, commits changes to the store and sends the notification outbox.
///
/// ```swift
/// let alerts = try AlertService(config: config, store: store, calendar: calendar, pollIntervals: intervals)
/// let task = Task { await alerts.run() }     // cancel to stop
/// ```
/// Evaluation and delivery are two loops: a receiver that is down (each attempt waits for its
/// timeout) never delays evaluation. Store work runs on a dedicated thread, off the cooperative pool.
public final class AlertService: Sendable {
    public let engine: AlertEngine
    let store: MeterStore
    /// A central on PostgreSQL: where the buildings' forwarded readings are read.
    let central: (any ReadingStore)?
    let book: StoreAlertBook
    let deliverer: WebhookDeliverer
    let logger: Logger
    let evaluateEveryMs: Int64
    let clock: any TimeSource
    let worker = BlockingWorker(name: "alert-evaluation")

    /// - Parameters:
    ///   - central: a central's PostgreSQL store, read for the series `store` does not hold.
    ///   - pollIntervals: how often the collector polls each series, for the `stale` rule.
    public init(
        config: SiteConfig, store: MeterStore, central: (any ReadingStore)? = nil, calendar: LocalCalendar,
        logger: Logger = Logger(label: "meterwatch.alerts"), clock: any TimeSource = SystemClock(), pollIntervals: [SeriesKey: Int64] = [:]
    ) throws {
        var engine = AlertEngine(config: config, calendar: calendar)
        engine.evaluator.watchingSinceMs = clock.nowMs()
        engine.evaluator.pollIntervals = pollIntervals
        self.engine = engine
        self.store = store
        self.central = central
        self.book = try StoreAlertBook(store: store, config: config, calendar: calendar, logger: logger)
        self.deliverer = WebhookDeliverer(store: store, webhooks: config.alerts.webhooks, logger: logger, clock: clock)
        self.logger = logger
        self.evaluateEveryMs = config.alerts.evaluateEveryMs
        self.clock = clock
    }

    /// One evaluation of every rule at `t` (now by default). Blocks: call it from a thread of your own.
    @discardableResult
    public func evaluate(at t: Int64? = nil) throws -> [AlertChange] {
        let t = t ?? clock.nowMs()
        let data = try AlertData(store: store, central: central)
        try data.preload(engine.needs, from: t, to: t)
        return try engine.evaluate(at: t, data: data, book: book)
    }

    /// Sends due notifications once.
    @discardableResult
    public func deliver() async -> Int { await deliverer.deliverDue() }

    /// Evaluates and delivers until the task is cancelled; a failing evaluation is logged and retried.
    public func run() async {
        guard !engine.rules.isEmpty else { return }
        logger.info("evaluating \(engine.rules.count) alert rule(s) every \(evaluateEveryMs) ms")
        await withDiscardingTaskGroup { group in
            group.addTask { await self.evaluationLoop() }
            group.addTask { await self.deliverer.run() }
        }
    }

    private func evaluationLoop() async {
        while !Task.isCancelled {
            let started = clock.monotonicMs()
            do { _ = try await worker.run { try self.evaluate() } } catch { logger.warning("alert evaluation failed: \(error)") }
            let wait = evaluateEveryMs - (clock.monotonicMs() - started)
            do { try await clock.sleep(ms: max(0, wait)) } catch { return }
        }
    }
}
