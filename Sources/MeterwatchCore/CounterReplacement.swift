/// An explicit meter replacement: the old register ended at `oldFinal`, the new one started at
/// `newInitial` (0 when not given). Recorded by the user, never guessed.
public struct CounterReplacement: Hashable, Sendable, Codable {
    public var ms: Int64
    public var oldFinal: Double?
    public var newInitial: Double?
    public init(ms: Int64, oldFinal: Double? = nil, newInitial: Double? = nil) {
        self.ms = ms
        self.oldFinal = oldFinal
        self.newInitial = newInitial
    }
}
