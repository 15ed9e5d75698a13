import Dispatch
import Foundation

/// Where the time comes from. Services take one as a parameter, so that tests drive time by hand
/// (`ManualClock`) instead of sleeping, and so that a jump of the host's clock can be told apart
/// from time passing (the wall clock moved, the monotonic one did not).
///
/// ```swift
/// let clock: any TimeSource = SystemClock()
/// let stamp = clock.nowMs()                       // UTC milliseconds, for samples
/// let t0 = clock.monotonicNs()                    // for durations; never jumps
/// clock.sleep(untilMonotonicNs: t0 + 1_000_000_000, wakeup: wakeup)   // on a dedicated thread
/// ```
public protocol TimeSource: Sendable {
    /// Wall-clock time, UTC milliseconds: what samples and alerts are stamped with.
    func nowMs() -> Int64
    /// A monotonic reading in nanoseconds: measures durations, never jumps.
    func monotonicNs() -> UInt64
    /// Blocks the calling thread (a dedicated one, never the cooperative pool) until the monotonic
    /// clock reaches `deadline` or `wakeup` is signalled. Spurious returns are allowed: callers re-check.
    func sleep(untilMonotonicNs deadline: UInt64, wakeup: Wakeup)
    /// Suspends the calling task for `ms` milliseconds of this clock; throws when cancelled.
    func sleep(ms: Int64) async throws
}

extension TimeSource {
    /// Monotonic milliseconds, for schedules.
    public func monotonicMs() -> Int64 { Int64(monotonicNs() / 1_000_000) }
}
