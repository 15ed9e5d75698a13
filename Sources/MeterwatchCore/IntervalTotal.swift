/// A value over `[startMs, endMs)`: a bill, a refuel.
public struct IntervalTotal: Hashable, Sendable, Codable {
    public var startMs: Int64
    public var endMs: Int64
    public var value: Double
    public init(startMs: Int64, endMs: Int64, value: Double) {
        self.startMs = startMs
        self.endMs = endMs
        self.value = value
    }
}
