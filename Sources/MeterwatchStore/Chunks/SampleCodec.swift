import Foundation
import MeterwatchCore

/// The compact encoding of a run of samples (a chunk of one series), ascending by time.
///
/// - Times: the first absolute, then deltas of deltas as zig-zag varints, runs of zero (a steady
///   poll interval) as one token.
/// - Values: when every value is a decimal with at most 9 digits after the point (a meter's
///   display), integers at that scale, as deltas, deltas of deltas (a counter's are small) or
///   residuals from a straight line fitted to each block (a noisy gauge: a delta carries the
///   noise of two readings, a residual of one), whichever is shortest, zig-zag, bit-packed in
///   blocks of 128 at the block's widest width (noise costs its bits, not a varint's 7-bit
///   steps); otherwise the IEEE bits XOR the previous value's (Gorilla's idea), as varints.
///
/// Decoding gives back the very same `Double`s: a scale is used only when it round-trips every
/// value bit for bit.
public enum SampleCodec {
    static let version: UInt8 = 2
    static let block = 128
    static let rawScale: UInt8 = 255

    public enum DecodingError: Error, Equatable {
        case truncated
        case unknownVersion(UInt8)
    }

    public static func encode(_ samples: [Sample]) -> [UInt8] {
        var out: [UInt8] = [version]
        appendVarint(&out, UInt64(samples.count))
        guard let first = samples.first else {
            return out
        }
        appendVarint(&out, zigzag(first.ms))
        // Times: delta of delta, zero runs as one token (value << 1 | 0, run << 1 | 1).
        var previous = first.ms
        var previousDelta: Int64 = 0
        var zeros: UInt64 = 0
        for s in samples.dropFirst() {
            let delta = s.ms &- previous
            let dod = delta &- previousDelta
            previous = s.ms
            previousDelta = delta
            if dod == 0 {
                zeros += 1
                continue
            }
            if zeros > 0 {
                appendVarint(&out, zeros << 1 | 1)
                zeros = 0
            }
            appendVarint(&out, zigzag(dod) << 1)
        }
        if zeros > 0 { appendVarint(&out, zeros << 1 | 1) }
        // Values.
        if let (scale, ints) = decimalScale(samples) {
            // Each candidate costed without writing it; only the cheapest is written. A line is
            // tried only where deltas beat deltas of deltas (a gauge; a counter's are small).
            let deltas = residuals(ints, order: 1)
            let deltasOfDeltas = residuals(ints, order: 2)
            let byDelta = blockCodings(deltas)
            let byDeltaOfDelta = blockCodings(deltasOfDeltas)
            var body: [UInt8] = []
            var order: UInt8 = byDeltaOfDelta.bits < byDelta.bits ? 2 : 1
            if order == 1 {
                let line = lineResiduals(ints)
                let byLine = blockCodings(line.residuals)
                if byLine.bits + line.headerBits < byDelta.bits {
                    order = lineOrder
                    body = encodeLineResiduals(ints, line, byLine.blocks)
                }
            }
            if order != lineOrder {
                appendVarint(&body, zigzag(ints[0]))
                let chosen = order == 2 ? (deltasOfDeltas, byDeltaOfDelta.blocks) : (deltas, byDelta.blocks)
                pack(chosen.0, into: &body, codings: chosen.1)
            }
            out.append(scale)
            out.append(order)
            out += body
        } else {
            out.append(rawScale)
            var prior: UInt64 = 0
            for s in samples {
                let bits = s.value.bitPattern
                appendVarint(&out, bits ^ prior)
                prior = bits
            }
        }
        return out
    }

    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> [Sample] {
        var reader = Reader(bytes: bytes)
        let v = try reader.byte()
        guard v == version else { throw .unknownVersion(v) }
        let count = Int(try reader.varint())
        guard count > 0 else {
            return []
        }
        // A corrupt count must not allocate the world: a sample takes at least one byte.
        guard count <= bytes.count * 64 else { throw .truncated }
        var times = [Int64](repeating: 0, count: count)
        times[0] = unzigzag(try reader.varint())
        var i = 1
        var delta: Int64 = 0
        while i < count {
            let token = try reader.varint()
            if token & 1 == 1 {
                let run = Int(min(token >> 1, UInt64(count - i)))
                for _ in 0..<run {
                    times[i] = times[i - 1] &+ delta
                    i += 1
                }
            } else {
                delta = delta &+ unzigzag(token >> 1)
                times[i] = times[i - 1] &+ delta
                i += 1
            }
        }
        var values = [Double](repeating: 0, count: count)
        let scale = try reader.byte()
        if scale == rawScale {
            var prior: UInt64 = 0
            for k in 0..<count {
                prior ^= try reader.varint()
                values[k] = Double(bitPattern: prior)
            }
        } else if try reader.peek() == lineOrder {
            _ = try reader.byte()
            let divisor = powersOfTen[Int(min(scale, 9))]
            var start = 0
            var predicted: Int64 = 0
            while start < count {
                let n = min(block, count - start)
                let base = unzigzag(try reader.varint()) &+ predicted
                let slope = unzigzag(try reader.varint())
                predicted = base &+ slope &* Int64(block)
                let residuals = try reader.unpack(n)
                for k in 0..<n {
                    values[start + k] = Double(unzigzag(residuals[k]) &+ base &+ slope &* Int64(k)) / divisor
                }
                start += n
            }
        } else {
            let order = try reader.byte()
            let divisor = powersOfTen[Int(min(scale, 9))]
            var value: Int64 = 0
            var step: Int64 = 0
            let first = unzigzag(try reader.varint())
            let residuals = try reader.unpack(count - 1)
            for k in 0..<count {
                let d = k == 0 ? first : unzigzag(residuals[k - 1])
                if k == 0 {
                    value = d
                } else if order == 2 && k > 1 {
                    step = step &+ d
                    value = value &+ step
                } else {
                    step = d
                    value = value &+ d
                }
                values[k] = Double(value) / divisor
            }
        }
        var out: [Sample] = []
        out.reserveCapacity(count)
        for k in 0..<count { out.append(Sample(ms: times[k], value: values[k])) }
        return out
    }

    static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// The smallest scale at which every value is an integer that converts back exactly.
    static func decimalScale(_ samples: [Sample]) -> (UInt8, [Int64])? {
        scales: for scale in 0...9 {
            let m = powersOfTen[scale]
            var ints: [Int64] = []
            ints.reserveCapacity(samples.count)
            for s in samples {
                let scaled = (s.value * m).rounded()
                guard abs(scaled) < 9e15, let n = Int64(exactly: scaled), Double(n) / m == s.value,
                    s.value != 0 || s.value.sign == .plus
                else { continue scales }
                ints.append(n)
            }
            return (UInt8(scale), ints)
        }
        return nil
    }

    static func encodeIntegers(_ ints: [Int64], order: Int) -> [UInt8] {
        var out: [UInt8] = []
        guard let first = ints.first else {
            return out
        }
        appendVarint(&out, zigzag(first))
        pack(residuals(ints, order: order), into: &out)
        return out
    }

    /// Zig-zagged deltas (order 1) or deltas of deltas (order 2) after the first value; the first
    /// delta of order 2 is a plain delta.
    static func residuals(_ ints: [Int64], order: Int) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(max(0, ints.count - 1))
        var previousStep: Int64 = 0
        for k in ints.indices.dropFirst() {
            let step = ints[k] &- ints[k - 1]
            out.append(zigzag(order == 2 && k > 1 ? step &- previousStep : step))
            previousStep = step
        }
        return out
    }

    /// The values' order byte for residuals from a line per block.
    static let lineOrder: UInt8 = 3

    /// Per block of `block` values: the line's base (as its difference from where the previous
    /// block's line arrives) and slope, integers at the values' scale (least squares, rounded), as
    /// zig-zag varints, then the residuals packed. Wrapping
    /// arithmetic both ways, so that any integers round-trip, however far from a line.
    static func encodeLineResiduals(_ ints: [Int64]) -> [UInt8] {
        let line = lineResiduals(ints)
        return encodeLineResiduals(ints, line, blockCodings(line.residuals).blocks)
    }

    static func encodeLineResiduals(_ ints: [Int64], _ line: LineResiduals, _ codings: [BlockCoding]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(ints.count * 2)
        var predicted: Int64 = 0
        for (b, start) in stride(from: 0, to: ints.count, by: block).enumerated() {
            let end = min(ints.count, start + block)
            let (base, slope) = line.lines[b]
            appendVarint(&out, zigzag(base &- predicted))
            appendVarint(&out, zigzag(slope))
            pack(line.residuals[start..<end], into: &out, codings: [codings[b]])
            predicted = base &+ slope &* Int64(block)
        }
        return out
    }

    /// A line per block and the zig-zagged residuals from it; `headerBits` is what the lines cost.
    struct LineResiduals {
        var lines: [(base: Int64, slope: Int64)] = []
        var residuals: [UInt64] = []
        var headerBits = 0
    }

    static func lineResiduals(_ ints: [Int64]) -> LineResiduals {
        var out = LineResiduals()
        out.residuals.reserveCapacity(ints.count)
        var start = 0
        var predicted: Int64 = 0
        while start < ints.count {
            let n = min(block, ints.count - start)
            let (base, slope) = fitLine(ints[start..<start + n])
            out.lines.append((base, slope))
            out.headerBits += 8 * (varintSize(zigzag(base &- predicted)) + varintSize(zigzag(slope)))
            predicted = base &+ slope &* Int64(block)
            for k in 0..<n {
                out.residuals.append(zigzag(ints[start + k] &- (base &+ slope &* Int64(k))))
            }
            start += n
        }
        return out
    }

    static func varintSize(_ value: UInt64) -> Int { max(1, (64 - value.leadingZeroBitCount + 6) / 7) }

    /// Least-squares line through (k, value) for k = 0…n−1, as integers (an approximate fit is
    /// fine: it only has to make residuals small).
    static func fitLine(_ values: ArraySlice<Int64>) -> (base: Int64, slope: Int64) {
        let n = Double(values.count)
        guard values.count > 1, let first = values.first else {
            return (values.first ?? 0, 0)
        }
        // Relative to the first value, so that large readings keep their precision in Doubles.
        let meanK = (n - 1) / 2
        var meanV = 0.0
        for v in values { meanV += Double(v &- first) }
        meanV /= n
        var sxy = 0.0
        var sxx = 0.0
        for (k, v) in values.enumerated() {
            let dk = Double(k) - meanK
            sxy += dk * (Double(v &- first) - meanV)
            sxx += dk * dk
        }
        let slope = sxy / sxx
        let intercept = meanV - slope * meanK
        guard slope.isFinite, intercept.isFinite, abs(slope) < 1e15, abs(intercept) < 1e15 else {
            return (first, 0)
        }
        return (first &+ Int64(intercept.rounded()), Int64(slope.rounded()))
    }

    /// Blocks of `block` values, each coded the cheaper way: a header byte below 128 is a fixed bit
    /// width (the values at that width), 128 + k is Rice coding with parameter k (each value's
    /// quotient `v >> k` in unary, then its low k bits; a quotient of `riceEscape` or more is the
    /// escape, followed by the value in 64 bits). Fixed widths pay for a block's widest value in
    /// every slot, Rice for each value's own size: about a bit a value less on a meter's noise.
    static func pack<C: RandomAccessCollection>(_ values: C, into out: inout [UInt8]) where C.Element == UInt64, C.Index == Int {
        pack(values, into: &out, codings: blockCodings(values).blocks)
    }

    /// Writes `values` block by block with the codings `blockCodings` chose for them.
    static func pack<C: RandomAccessCollection>(_ values: C, into out: inout [UInt8], codings: [BlockCoding])
    where C.Element == UInt64, C.Index == Int {
        var start = values.startIndex
        var b = 0
        while start < values.endIndex {
            let end = min(values.endIndex, start + block)
            let slice = values[start..<end]
            let choice = codings[b]
            var writer = BitWriter()
            if choice.riceK < 0 {
                out.append(UInt8(choice.width))
                if choice.width > 0 {
                    for v in slice { writer.write(v, bits: choice.width) }
                }
            } else {
                out.append(UInt8(128 + choice.riceK))
                for v in slice { writer.writeRice(v, k: choice.riceK) }
            }
            writer.flush(into: &out)
            start = end
            b += 1
        }
    }

    typealias BlockCoding = (riceK: Int, width: Int, bits: Int)

    /// How `pack` codes each block of these values, and the bits it takes (headers included).
    static func blockCodings<C: RandomAccessCollection>(_ values: C) -> (blocks: [BlockCoding], bits: Int)
    where C.Element == UInt64, C.Index == Int {
        var blocks: [BlockCoding] = []
        blocks.reserveCapacity(values.count / block + 1)
        var bits = 0
        var start = values.startIndex
        while start < values.endIndex {
            let end = min(values.endIndex, start + block)
            let coding = blockCoding(values[start..<end])
            blocks.append(coding)
            bits += 8 + coding.bits
            start = end
        }
        return (blocks, bits)
    }

    /// The cheaper coding of one block: a fixed width (`riceK` −1), or Rice with parameter `riceK`.
    /// Rice's best k is near log2 of the mean; k − 1, k and k + 1 are costed in one pass.
    static func blockCoding<C: Collection>(_ slice: C) -> BlockCoding where C.Element == UInt64 {
        var widest: UInt64 = 0
        var sum: Double = 0
        for v in slice {
            widest |= v
            sum += Double(v)
        }
        let n = slice.count
        let width = 64 - widest.leadingZeroBitCount
        let mean = sum / Double(max(1, n))
        let guess = mean < 2 ? 1 : min(62, Int(log2(mean)))
        let k0 = guess - 1
        var quotients = (0, 0, 0)
        var escapes = (0, 0, 0)
        for v in slice {
            let q0 = v >> UInt64(k0)
            let q1 = q0 >> 1
            let q2 = q0 >> 2
            if q0 < riceEscape { quotients.0 += Int(q0) } else { escapes.0 += 1 }
            if q1 < riceEscape { quotients.1 += Int(q1) } else { escapes.1 += 1 }
            if q2 < riceEscape { quotients.2 += Int(q2) } else { escapes.2 += 1 }
        }
        func cost(_ k: Int, _ q: Int, _ e: Int) -> Int { q + (n - e) * (1 + k) + e * (Int(riceEscape) + 64) }
        var best = (riceK: -1, width: width, bits: width * n)
        for (k, q, e) in [(k0, quotients.0, escapes.0), (k0 + 1, quotients.1, escapes.1), (k0 + 2, quotients.2, escapes.2)] {
            let bits = cost(k, q, e)
            if bits < best.bits { best = (k, width, bits) }
        }
        return best
    }

    /// Quotients of `riceEscape` or more are escaped (a value far above the block's others).
    static let riceEscape: UInt64 = 24

    @inline(__always) static func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    @inline(__always) static func unzigzag(_ u: UInt64) -> Int64 { Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }

    @inline(__always) static func appendVarint(_ out: inout [UInt8], _ value: UInt64) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        func peek() throws(DecodingError) -> UInt8 {
            guard index < bytes.count else { throw .truncated }
            return bytes[index]
        }

        mutating func byte() throws(DecodingError) -> UInt8 {
            guard index < bytes.count else { throw .truncated }
            defer { index += 1 }
            return bytes[index]
        }

        /// `count` values packed by `SampleCodec.pack`: fixed-width and Rice blocks.
        mutating func unpack(_ count: Int) throws(DecodingError) -> [UInt64] {
            var out: [UInt64] = []
            out.reserveCapacity(count)
            while out.count < count {
                let n = min(SampleCodec.block, count - out.count)
                let header = Int(try byte())
                var bits = BitReader(bytes: bytes, index: index)
                if header < 128 {
                    let width = header
                    guard width <= 64 else { throw .truncated }
                    guard index + (n * width + 7) / 8 <= bytes.count else { throw .truncated }
                    for _ in 0..<n { out.append(try bits.read(width)) }
                } else {
                    let k = header - 128
                    for _ in 0..<n { out.append(try bits.readRice(k: k, escape: SampleCodec.riceEscape)) }
                }
                index = bits.byteEnd
            }
            return out
        }

        mutating func varint() throws(DecodingError) -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard index < bytes.count, shift < 64 else { throw .truncated }
                let b = bytes[index]
                index += 1
                result |= UInt64(b & 0x7f) << shift
                if b < 0x80 {
                    return result
                }
                shift += 7
            }
        }
    }
}
