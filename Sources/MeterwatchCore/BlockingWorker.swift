import Foundation
import Synchronization

/// A dedicated thread for blocking work (SQLite, file I/O) that async code awaits without
/// blocking Swift's cooperative pool, which the HTTP handlers share. Jobs run one at a time, in
/// the order they were submitted.
///
/// ```swift
/// let worker = BlockingWorker(name: "alerts")
/// let due = try await worker.run { try store.dueDeliveries(nowMs: now) }   // the task suspends; the thread blocks
/// ```
/// A store locked for a minute by another process then stalls this thread, never `/healthz`.
public final class BlockingWorker: Sendable {
    /// Shared with the thread, which must not keep the worker alive.
    private final class Queue: Sendable {
        let jobs = Mutex<[@Sendable () -> Void]>([])
        let available = DispatchSemaphore(value: 0)
        let stopped = Atomic<Bool>(false)
    }
    private let queue = Queue()

    public init(name: String) {
        let queue = queue
        let thread = Thread {
            while true {
                queue.available.wait()
                let job = queue.jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                if let job {
                    job()
                } else if queue.stopped.load(ordering: .relaxed) {
                    return
                }
            }
        }
        thread.name = name
        thread.start()
    }

    deinit {
        queue.stopped.store(true, ordering: .relaxed)
        queue.available.signal()
    }

    /// Runs `body` on the worker's thread and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            queue.jobs.withLock {
                $0.append {
                    do { c.resume(returning: try body()) } catch { c.resume(throwing: error) }
                }
            }
            queue.available.signal()
        }
    }
}
