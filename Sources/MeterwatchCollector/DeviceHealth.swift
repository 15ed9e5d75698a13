import Foundation

/// A device's health as the collector sees it; stored as JSON in the store after every flush.
public struct DeviceHealth: Sendable, Codable, Hashable {
    public enum State: String, Sendable, Codable {
        /// Not polled yet.
        case pending
        /// The last poll succeeded without errors.
        case ok
        /// Answers, but with errors (exceptions, missing points), or failed once or twice lately.
        case degraded
        /// Failed `offlineAfter` polls in a row; polled again only after its backoff.
        case offline
    }

    public var meter: String
    public var profile: String
    public var link: String
    public var unit: Int
    public var state: State
    public var polls: Int = 0
    public var requests: Int = 0
    /// Failed requests by kind: timeout, exception, bad_response, connection, invalid.
    public var errors: [String: Int] = [:]
    public var consecutiveFailures: Int = 0
    public var lastSuccessMs: Int64?
    public var lastPollMs: Int64?
    public var lastError: String?
    /// Duration of the last successful poll (all its requests).
    public var lastLatencyMs: Double?
    /// Exponential moving average of successful poll durations.
    public var averageLatencyMs: Double?
    public var backoffUntilMs: Int64?
    public var samplesWritten: Int = 0

    public static let offlineAfter = 3
}

/// Exponential backoff for a device that stopped answering: the first retry after `base`, then
/// doubling up to `cap`. A dead device costs its link one timeout per backoff period at most.
public struct Backoff: Sendable, Hashable {
    public var baseMs: Int64
    public var capMs: Int64
    public init(baseMs: Int64, capMs: Int64 = 300_000) { self.baseMs = baseMs; self.capMs = capMs }

    public func delayMs(afterFailures n: Int) -> Int64 {
        guard n > 0 else { return 0 }
        let shift = min(n - 1, 20)
        return min(capMs, baseMs << Int64(shift))
    }
}
