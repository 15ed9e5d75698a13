/// SplitMix64: the same numbers for the same seed on every run and machine, so that a failing
/// property case is replayed from its seed, the bench sees the same year, and the demo the same noise.
///
/// ```swift
/// var rng = SeededRandom(seed: 42)
/// let n = Int.random(in: 1...6, using: &rng)
/// ```
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// SplitMix64's finaliser: a well-spread hash of `x` (the demo's noise hashes a stream and an index).
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1) from the next 53 bits.
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A number in `range`, by the remainder (the codec tests' historical draw, kept so that their
    /// seeds replay the same cases).
    public mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(bitPattern: next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}
