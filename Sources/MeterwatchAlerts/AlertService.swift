import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Live alerting inside the service: evaluates every rule on the stored data every
/// `evaluate_every`, commits changes to the store and sends the notification outbox.
///
/// ```swift
/// let alerts = try AlertService(config: config, store: store, calendar: calendar)
/// let task = Task { await alerts.run() }     // cancel to stop
/// ```
public final class AlertService: Sendable {
    public let engine: AlertEngine
    let store: MeterStore
    let book: StoreAlertBook
    let deliverer: WebhookDeliverer
    let logger: Logger
    let evaluateEveryMs: Int64

    public init(config: SiteConfig, store: MeterStore, calendar: LocalCalendar, logger: Logger = Logger(label: "meterwatch.alerts")) throws {
        var engine = AlertEngine(config: config, calendar: calendar)
        engine.evaluator.watchingSinceMs = Int64(Date().timeIntervalSince1970 * 1000)
        self.engine = engine
        self.store = store
        self.book = try StoreAlertBook(store: store, config: config, calendar: calendar, logger: logger)
        self.deliverer = WebhookDeliverer(store: store, webhooks: config.alerts.webhooks, logger: logger)
        self.logger = logger
        self.evaluateEveryMs = config.alerts.evaluateEveryMs
    }

    /// One evaluation of every rule at `t` (now by default).
    @discardableResult
    public func evaluate(at t: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) throws -> [AlertChange] {
        let data = try AlertData(store: store)
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
        var nextEvaluation = Int64(0)
        while !Task.isCancelled {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            if now >= nextEvaluation {
                do { try evaluate(at: now) } catch { logger.warning("alert evaluation failed: \(error)") }
                nextEvaluation = now + evaluateEveryMs
            }
            await deliver()
            let wait = min(1_000, max(50, nextEvaluation - Int64(Date().timeIntervalSince1970 * 1000)))
            try? await Task.sleep(for: .milliseconds(wait))
        }
        await deliver()
    }
}

/// Replays the rules over stored history at a fixed step, in memory: what would have fired, when,
/// and for how long (`meterwatch alerts evaluate`). Reads one day of data at a time.
public enum AlertReplay {
    public static func run(engine: AlertEngine, store: MeterStore, from: Int64, to: Int64, stepMs: Int64,
                           book: MemoryAlertBook = MemoryAlertBook()) throws -> MemoryAlertBook {
        precondition(stepMs > 0)
        let data = try AlertData(store: store)
        let needs = engine.needs
        var chunk = from
        while chunk < to {
            let chunkEnd = min(to, chunk + msPerDay)
            try data.preload(needs, from: chunk, to: chunkEnd)
            var t = chunk
            while t < chunkEnd {
                try engine.evaluate(at: t, data: data, book: book)
                t += stepMs
            }
            chunk = t
        }
        return book
    }
}
