import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Exponential backoff for a device that stopped answering: the first retry after `base`, then
/// doubling up to `cap`. A dead device costs its link one timeout per backoff period at most.
public struct Backoff: Sendable, Hashable {
    public var baseMs: Int64
    public var capMs: Int64
    public init(baseMs: Int64, capMs: Int64 = 300_000) {
        self.baseMs = baseMs
        self.capMs = capMs
    }

    public func delayMs(afterFailures n: Int) -> Int64 {
        guard n > 0 else { return 0 }
        let shift = min(n - 1, 20)
        return min(capMs, baseMs << Int64(shift))
    }
}
