import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchOutbound
import MeterwatchStore
import Synchronization

/// Sends queued notifications: POST with the HMAC signature, retried with exponential backoff
/// (5 s doubling to 10 min) until `max_attempts`; every attempt is logged in the store.
///
/// Webhooks are served concurrently, each in outbox order, so a receiver that is down (each attempt
/// waits for its timeout, capped at `attemptTimeoutCapMs`) delays only its own notifications. The
/// outbox is read and written on a dedicated thread, off the cooperative pool.
public final class WebhookDeliverer: Sendable {
    let store: MeterStore
    let webhooks: [String: WebhookConfig]
    let logger: Logger
    let clock: any TimeSource
    let worker = BlockingWorker(name: "webhook-outbox")
    /// Webhooks with a drain in progress.
    let busy = Mutex<Set<String>>([])
    /// No attempt waits longer than this, whatever a webhook's `timeout:` says.
    public static let attemptTimeoutCapMs: Int64 = 10_000

    public init(
        store: MeterStore, webhooks: [WebhookConfig], logger: Logger = Logger(label: "meterwatch.webhooks"),
        clock: any TimeSource = SystemClock()
    ) {
        self.store = store
        self.webhooks = Dictionary(webhooks.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.logger = logger
        self.clock = clock
    }

    /// How long a shutdown waits for an attempt under way.
    static let shutdownGraceMs = 2_000

    public static func backoffMs(afterAttempts n: Int) -> Int64 {
        min(600_000, 5_000 * (Int64(1) << Int64(min(n - 1, 20))))
    }

    /// Sends due notifications until the task is cancelled: every second, each idle webhook starts
    /// draining its due notifications, without waiting for the others.
    func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for hook in await dueWebhooks() where claim(hook) {
                    group.addTask {
                        _ = await self.drain(hook)
                        self.release(hook)
                    }
                }
                do { try await clock.sleep(ms: 1_000) } catch { break }
            }
        }
    }

    /// Attempts every due delivery once, webhooks concurrently; returns how many were delivered.
    @discardableResult
    public func deliverDue() async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for hook in await dueWebhooks() where claim(hook) {
                group.addTask {
                    defer { self.release(hook) }
                    return await self.drain(hook)
                }
            }
            return await group.reduce(0, +)
        }
    }

    private func claim(_ hook: String) -> Bool { busy.withLock { $0.insert(hook).inserted } }
    private func release(_ hook: String) { _ = busy.withLock { $0.remove(hook) } }

    /// Webhook ids with a due delivery.
    private func dueWebhooks() async -> [String] {
        let now = clock.nowMs()
        do {
            return try await worker.run { [store] in Array(Set(try store.dueDeliveries(nowMs: now, limit: 500).map(\.webhook))).sorted() }
        } catch {
            logger.warning("cannot read the notification outbox: \(error)")
            return []
        }
    }

    /// Attempts each due delivery of one webhook once, oldest first.
    private func drain(_ hookID: String) async -> Int {
        let now = clock.nowMs()
        let due: [AlertDelivery]
        do {
            due = try await worker.run { [store] in try store.dueDeliveries(nowMs: now, limit: 500).filter { $0.webhook == hookID } }
        } catch {
            logger.warning("cannot read the notification outbox: \(error)")
            return 0
        }
        var delivered = 0
        for d in due {
            if await attempt(d) { delivered += 1 }
        }
        return delivered
    }

    /// One attempt of one delivery, recorded in the store.
    private func attempt(_ d: AlertDelivery) async -> Bool {
        guard let hook = webhooks[d.webhook] else {
            let now = clock.nowMs()
            _ = try? await worker.run { [store] in
                try store.recordDeliveryAttempt(
                    id: d.id, delivered: false, httpStatus: nil, error: "webhook '\(d.webhook)' is no longer configured",
                    retryAtMs: nil, atMs: now)
            }
            return false
        }
        // A shutdown lets an attempt under way finish for a short grace, so that a receiver that
        // got it and answered is recorded (and not sent it again after the restart); a receiver
        // that does not answer is given up then, and retried after the restart.
        let inFlight = Task.detached { [self] in await self.send(body: d.body, event: d.event, deliveryID: String(d.id), to: hook) }
        let (ok, status, error) = await withTaskCancellationHandler {
            await inFlight.value
        } onCancel: {
            Task.detached {
                try? await Task.sleep(for: .milliseconds(Self.shutdownGraceMs))
                inFlight.cancel()
            }
        }
        let attempts = d.attempts + 1
        let now = clock.nowMs()
        let retryAt: Int64? = ok || attempts >= hook.maxAttempts ? nil : now + Self.backoffMs(afterAttempts: attempts)
        do {
            try await worker.run { [store] in
                try store.recordDeliveryAttempt(id: d.id, delivered: ok, httpStatus: status, error: error, retryAtMs: retryAt, atMs: now)
            }
        } catch {
            logger.warning("cannot record delivery \(d.id): \(error)")
        }
        if ok {
            logger.info("delivered \(d.event) of alert \(d.alert) to \(hook.id) (HTTP \(status ?? 0))")
        } else if retryAt != nil {
            logger.warning(
                "delivery of alert \(d.alert) to \(hook.id) failed (attempt \(attempts)/\(hook.maxAttempts)): \(error ?? "?"); retrying")
        } else {
            logger.error("delivery of alert \(d.alert) to \(hook.id) failed for good after \(attempts) attempt(s): \(error ?? "?")")
        }
        return ok
    }

    /// One signed POST, no retry.
    public func send(body: String, event: String, deliveryID: String, to hook: WebhookConfig) async -> (
        ok: Bool, status: Int?, error: String?
    ) {
        guard let url = URL(string: hook.url) else { return (false, nil, "bad url") }
        var headers = [
            ("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "Meterwatch"), ("X-Meterwatch-Event", event),
            // Stable across retries: receivers de-duplicate on it.
            ("X-Meterwatch-Delivery", deliveryID),
        ]
        if let secret = hook.secret { headers.append((WebhookSignature.header, WebhookSignature.sign(body: body, secret: secret))) }
        // A redirect to another origin is not followed (OutboundClient), and errors name the origin only:
        // a chat service's URL carries its key.
        do {
            let answer = try await OutboundClient.send(
                OutboundRequest(url: url, method: .POST, headers: headers, body: Data(body.utf8)),
                timeoutMs: min(hook.timeoutMs, Self.attemptTimeoutCapMs))
            guard (200..<300).contains(answer.status) else { return (false, answer.status, "HTTP \(answer.status)") }
            return (true, answer.status, nil)
        } catch {
            return (false, nil, "\(error)")
        }
    }
}
