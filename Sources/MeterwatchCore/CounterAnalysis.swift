public struct CounterAnalysis: Sendable {
    public var intervals: [CounterInterval] = []
    /// Readings judged transient glitches (a 0, a spike) and left out.
    public var glitches: [Sample] = []
}
