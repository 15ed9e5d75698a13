/// How a counter series is checked.
public struct CounterRules: Hashable, Sendable, Codable {
    /// The value at which the register wraps to zero (e.g. 99,999,999.9 kWh + 0.1), if it does.
    public var rolloverAt: Double?
    /// A rise faster than this (units per hour) is implausible: a glitch, never consumption.
    public var maxRatePerHour: Double?
    /// Readings further apart than this leave a gap: the delta is kept but marked as spanning it.
    public var maxGapMs: Int64
    /// How many readings a transient glitch (a 0, a spike) may last before it counts as a reset.
    public var glitchWindow: Int

    public init(rolloverAt: Double? = nil, maxRatePerHour: Double? = nil, maxGapMs: Int64 = msPerHour, glitchWindow: Int = 16) {
        self.rolloverAt = rolloverAt
        self.maxRatePerHour = maxRatePerHour
        self.maxGapMs = maxGapMs
        self.glitchWindow = glitchWindow
    }
}
