import Foundation

/// A clock that moves only when told to: services under test run at the speed of the test, with
/// no sleeping. Threads and tasks sleeping on it wake when `advance(ms:)` reaches their deadline.
///
/// ```swift
/// let clock = ManualClock(nowMs: 1_700_000_000_000)
/// let collector = Collector(…, clock: clock)
/// clock.advance(ms: 5_000)                 // one fast-poll interval
/// clock.waitUntilSleeping(threads: 1)     // the link thread polled and sleeps again
/// clock.jumpWallClock(byMs: -3_600_000)   // the host's clock is set back an hour
/// ```
public final class ManualClock: TimeSource, @unchecked Sendable {
    // Every field below is guarded by `condition`.
    private let condition = NSCondition()
    private var wallMs: Int64
    private var monoNs: UInt64 = 1_000_000_000
    private var threadSleepers: [Int: (deadline: UInt64, wakeup: Wakeup)] = [:]
    private var taskSleepers: [Int: (deadline: UInt64, continuation: CheckedContinuation<Void, any Error>)] = [:]
    private var nextID = 0

    public init(nowMs: Int64) { wallMs = nowMs }

    public func nowMs() -> Int64 { locked { wallMs } }
    public func monotonicNs() -> UInt64 { locked { monoNs } }

    /// Moves both clocks forward and wakes every sleeper whose deadline has come.
    public func advance(ms: Int64) {
        precondition(ms >= 0, "time only moves forward; use jumpWallClock for a host clock set back")
        let due: (threads: [Wakeup], tasks: [CheckedContinuation<Void, any Error>]) = locked {
            wallMs += ms
            monoNs += UInt64(ms) * 1_000_000
            let threads = threadSleepers.filter { $0.value.deadline <= monoNs }
            let tasks = taskSleepers.filter { $0.value.deadline <= monoNs }
            for id in tasks.keys { taskSleepers[id] = nil }
            return (threads.values.map(\.wakeup), tasks.values.map(\.continuation))
        }
        for w in due.threads { w.signal() }
        for c in due.tasks { c.resume() }
    }

    /// Moves the wall clock only, as when an administrator or NTP sets the host's clock.
    public func jumpWallClock(byMs ms: Int64) { locked { wallMs += ms } }

    /// Threads currently sleeping on this clock.
    public var sleepingThreads: Int { locked { threadSleepers.count } }

    /// Blocks until at least `threads` threads sleep on this clock with a deadline in the future,
    /// i.e. they have done everything due at the current time. False after `timeoutSeconds`.
    @discardableResult
    public func waitUntilSleeping(threads: Int, timeoutSeconds: Double = 30) -> Bool {
        let limit = Date().addingTimeInterval(timeoutSeconds)
        condition.lock()
        defer { condition.unlock() }
        while threadSleepers.values.filter({ $0.deadline > monoNs }).count < threads {
            if !condition.wait(until: limit) { return false }
        }
        return true
    }

    public func sleep(untilMonotonicNs deadline: UInt64, wakeup: Wakeup) {
        let id: Int? = locked {
            guard deadline > monoNs else { return nil }
            nextID += 1
            threadSleepers[nextID] = (deadline, wakeup)
            condition.broadcast()
            return nextID
        }
        guard let id else { return }
        wakeup.wait(timeoutNs: nil)
        locked {
            threadSleepers[id] = nil
            condition.broadcast()
        }
    }

    public func sleep(ms: Int64) async throws {
        let id = locked { () -> Int in
            nextID += 1
            return nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = locked {
                    let deadline = monoNs + UInt64(max(0, ms)) * 1_000_000
                    guard deadline > monoNs else { return true }
                    taskSleepers[id] = (deadline, c)
                    condition.broadcast()
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = locked { taskSleepers.removeValue(forKey: id)?.continuation }
            c?.resume(throwing: CancellationError())
        }
    }

    /// Tasks currently sleeping on this clock.
    public var sleepingTasks: Int { locked { taskSleepers.count } }

    /// Blocks until at least `tasks` tasks sleep on this clock. False after `timeoutSeconds`.
    @discardableResult
    public func waitUntilSleeping(tasks: Int, timeoutSeconds: Double = 30) -> Bool {
        let limit = Date().addingTimeInterval(timeoutSeconds)
        condition.lock()
        defer { condition.unlock() }
        while taskSleepers.count < tasks {
            if !condition.wait(until: limit) { return false }
        }
        return true
    }

    private func locked<T>(_ body: () -> T) -> T {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }
}
