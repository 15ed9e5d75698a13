import Foundation
import MeterwatchCore

/// Deterministic noise: SplitMix64 of (stream, index) mapped to [0, 1).
enum Noise {
    static func unit(_ stream: UInt64, _ index: Int64) -> Double {
        let z = SeededRandom.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(bitPattern: index) &* 0xBF58_476D_1CE4_E5B9)
        return Double(z >> 11) / Double(1 << 53)
    }
}
