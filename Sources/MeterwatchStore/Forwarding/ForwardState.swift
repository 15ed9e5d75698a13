/// Where an edge's forwarding stands (`meterwatch forward status`, `/metrics`).
public struct ForwardState: Sendable, Equatable {
    public var enabled: Bool
    /// Logged writes the central has not acknowledged.
    public var pendingChanges: Int
    /// When the oldest of them was written: how far behind the central is.
    public var oldestPendingMs: Int64?
    public var lastSuccessMs: Int64?
    public var lastErrorMs: Int64?
    public var lastError: String?
    /// Readings (and interval totals) the central has acknowledged, in all.
    public var forwardedReadings: Int64

    /// Seconds since the oldest unacknowledged write at `nowMs`; nil when up to date.
    public func behindSeconds(nowMs: Int64) -> Double? { oldestPendingMs.map { Double(max(0, nowMs - $0)) / 1000 } }
}
