import Dispatch
import Foundation

/// A wake-up call for a thread sleeping in `TimeSource.sleep(untilMonotonicNs:wakeup:)`:
/// a stop request, or a manual clock that moved.
public final class Wakeup: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    public init() {}
    public func signal() { semaphore.signal() }
    /// Waits for a signal, at most `timeoutNs` (forever when nil). True when signalled.
    @discardableResult
    public func wait(timeoutNs: UInt64?) -> Bool {
        guard let timeoutNs else {
            semaphore.wait()
            return true
        }
        return semaphore.wait(timeout: .now() + .nanoseconds(Int(min(timeoutNs, UInt64(Int.max))))) == .success
    }
}
