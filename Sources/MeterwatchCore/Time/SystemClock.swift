import Dispatch
import Foundation

/// The host's clocks: `Date` for the wall clock, `DispatchTime` (CLOCK_MONOTONIC) for durations.
public struct SystemClock: TimeSource {
    public init() {}
    public func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
    public func monotonicNs() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    public func sleep(untilMonotonicNs deadline: UInt64, wakeup: Wakeup) {
        let now = monotonicNs()
        guard deadline > now else { return }
        wakeup.wait(timeoutNs: deadline - now)
    }
    public func sleep(ms: Int64) async throws {
        try await Task.sleep(for: .milliseconds(max(0, ms)))
    }
}
