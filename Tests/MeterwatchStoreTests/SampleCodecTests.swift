import Foundation
import MeterwatchCore
import MeterwatchTestSupport
import Testing

@testable import MeterwatchStore

/// The chunk encoding gives back the very same readings, compresses a meter's readings to about
/// their digits, and refuses (never crashes on) damaged bytes.
@Suite struct SampleCodecTests {
    func roundTrips(_ samples: [Sample]) throws {
        let decoded = try SampleCodec.decode(SampleCodec.encode(samples))
        #expect(decoded.count == samples.count)
        for (a, b) in zip(decoded, samples) {
            #expect(a.ms == b.ms && a.value.bitPattern == b.value.bitPattern, "\(a) vs \(b)")
        }
    }

    @Test(arguments: 1...40 as ClosedRange<UInt64>)
    func everyKindOfSeriesRoundTrips(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        let count = Int(rng.int(0...3000))
        var t = rng.int(-2_208_988_800_000...1_900_000_000_000)
        var counter = Double(rng.int(0...1_000_000))
        var out: [Sample] = []
        for _ in 0..<count {
            // Regular polls with jitter and gaps; values: decimals, a counter, raw doubles, extremes.
            t += [60_000, 60_000, 60_000, 5_000, 61_234, 86_400_000, 1][Int(rng.next() % 7)]
            let value: Double
            switch seed % 5 {
            case 0: value = Double(rng.int(-500_000...500_000)) / 10
            case 1:
                counter += Double(rng.int(0...3000)) / 100
                value = counter
            case 2: value = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) * (rng.next() % 2 == 0 ? 1 : -1)
            case 3: value = [0, -0.0, 1e15, -1e15, 0.1, 1 / 3, Double.leastNonzeroMagnitude][Int(rng.next() % 7)]
            default: value = Double(rng.int(0...8191))
            }
            out.append(Sample(ms: t, value: value))
        }
        try roundTrips(out)
    }

    /// One day of a power meter's minute readings (0.1 W display, 3 % noise) and its energy
    /// counter (0.1 Wh): under two bytes a reading, against 16 raw.
    @Test func aMetersReadingsCompressToTheirDigits() throws {
        var rng = SeededRandom(seed: 42)
        var power: [Sample] = []
        var energy: [Sample] = []
        var wh = 374_498.7
        for m in 0..<1440 {
            let base = 20_000 + 10_000 * sin(Double(m) / 1440 * 2 * .pi)
            let w = ((base + Double(rng.int(-600...600))) * 10).rounded() / 10
            power.append(Sample(ms: 1_704_067_200_000 + Int64(m) * 60_000, value: w))
            wh = ((wh + w / 60) * 10).rounded() / 10
            energy.append(Sample(ms: 1_704_067_200_000 + Int64(m) * 60_000, value: wh))
        }
        try roundTrips(power)
        try roundTrips(energy)
        let bytes = Double(SampleCodec.encode(power).count + SampleCodec.encode(energy).count) / 2880
        #expect(bytes < 2.0, "\(bytes) bytes a reading")
    }

    /// A noisy gauge is coded as residuals from a line per block: a delta carries the noise of two
    /// readings, a residual one. A counter keeps its deltas of deltas.
    @Test func aNoisyGaugeIsCodedAroundALine() throws {
        var rng = SeededRandom(seed: 9)
        var ints: [Int64] = []
        var counter: Int64 = 3_744_987
        var counterInts: [Int64] = []
        for m in 0..<1440 {
            let curve = 200_000 + 100_000 * sin(Double(m) / 1440 * 2 * .pi)
            let reading = Int64(curve) + rng.int(-6_000...6_000)
            ints.append(reading)
            counter += reading / 60
            counterInts.append(counter)
        }
        let line = SampleCodec.encodeLineResiduals(ints).count
        let deltas = SampleCodec.encodeIntegers(ints, order: 1).count
        #expect(line < deltas, "\(line) bytes around lines against \(deltas) as deltas")
        let samples = ints.enumerated().map { Sample(ms: Int64($0.offset) * 60_000, value: Double($0.element) / 10) }
        try roundTrips(samples)
        #expect(SampleCodec.encodeIntegers(counterInts, order: 2).count < SampleCodec.encodeLineResiduals(counterInts).count)
        // Far from any line, extreme integers still round-trip (wrapping arithmetic both ways).
        let wild: [Int64] = [9_000_000_000_000_000, -9_000_000_000_000_000, 0, 8_999_999_999_999_999, -1, 7]
        for v in [wild, wild.reversed(), Array(repeating: Int64.max / 2, count: 3)] {
            let coded = SampleCodec.encodeLineResiduals(v)
            var bytes: [UInt8] = [SampleCodec.version]
            SampleCodec.appendVarint(&bytes, UInt64(v.count))
            SampleCodec.appendVarint(&bytes, 0)
            SampleCodec.appendVarint(&bytes, UInt64(v.count - 1) << 1 | 1)
            bytes += [0, SampleCodec.lineOrder] + coded
            let decoded = try SampleCodec.decode(bytes)
            #expect(decoded.map { Int64($0.value) } == v.map { Int64(Double($0)) })
        }
    }

    /// Chunks written before the line coding existed (deltas, order 1) decode as before.
    @Test func chunksOfTheFirstFormatStillDecode() throws {
        // 3 readings a minute apart from t = 0: 1.0, 1.5, 2.5 (scale 1: 10, 15, 25; deltas 5 and 10 at 5 bits).
        let bytes: [UInt8] = [2, 3, 0, 0x80, 0xD3, 0x0E, 3, 1, 1, 20, 5, 0x8A, 0x02]
        let decoded = try SampleCodec.decode(bytes)
        #expect(decoded == [Sample(ms: 0, value: 1.0), Sample(ms: 60_000, value: 1.5), Sample(ms: 120_000, value: 2.5)])
    }

    @Test func damagedBytesAreRefusedNotACrash() throws {
        var rng = SeededRandom(seed: 7)
        let steady = SampleCodec.encode((0..<500).map { Sample(ms: Int64($0) * 60_000, value: Double($0) / 10) })
        // Bell-shaped noise (a sum of four uniforms): its blocks are Rice-coded (header 128 + k).
        let bell = (0..<500).map { _ in (0..<4).reduce(Int64(0)) { sum, _ in sum + rng.int(-10_000...10_000) } }
        var packed: [UInt8] = []
        SampleCodec.pack(bell.map(SampleCodec.zigzag), into: &packed)
        #expect(packed[0] >= 128, "block header \(packed[0])")
        let noisy = SampleCodec.encode(bell.enumerated().map { Sample(ms: Int64($0.offset) * 60_000, value: Double($0.element) / 10) })
        try roundTrips(bell.enumerated().map { Sample(ms: Int64($0.offset) * 60_000, value: Double($0.element) / 10) })
        for attempt in 0..<4000 {
            var bytes = attempt % 2 == 0 ? steady : noisy
            switch rng.next() % 3 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1: bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next())
            default: bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            // Either decodes (to something) or throws; never traps.
            _ = try? SampleCodec.decode(bytes)
        }
    }
}
