/// One raw reading.
public struct Sample: Hashable, Sendable, Codable {
    public var ms: Int64
    public var value: Double
    public init(ms: Int64, value: Double) {
        self.ms = ms
        self.value = value
    }
}
