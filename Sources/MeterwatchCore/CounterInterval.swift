/// Consumption between two accepted readings.
public struct CounterInterval: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case normal, rollover, replacement
        /// An unexplained drop: the new register value is the new baseline; nothing is counted.
        case reset
        /// A rise faster than `maxRatePerHour` that did not come back: excluded, reported.
        case implausibleJump = "implausible_jump"
    }
    public var startMs: Int64
    public var endMs: Int64
    public var delta: Double
    public var kind: Kind
    /// The readings were further apart than `maxGapMs`: the delta is real but its spread is not observed.
    public var spansGap: Bool

    /// Whether the delta counts as consumption.
    public var isCounted: Bool { kind != .reset && kind != .implausibleJump }
}
