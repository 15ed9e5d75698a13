/// The compact encoding of a run of samples (a chunk of one series), ascending by time.
///
/// - Times: the first absolute, then deltas of deltas as zig-zag varints, runs of zero (a steady
///   poll interval) as one token.
/// - Values: when every value is a decimal with at most 9 digits after the point (a meter's
///   display), integers at that scale, as deltas or deltas of deltas (whichever is shorter: a
///   counter's deltas of deltas are small), zig-zag, bit-packed in blocks of 128 at the block's
///   widest width (noise costs its bits, not a varint's 7-bit steps); otherwise the IEEE bits
///   XOR the previous value's (Gorilla's idea), as varints.
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
            let byDelta = encodeIntegers(ints, order: 1)
            let byDeltaOfDelta = encodeIntegers(ints, order: 2)
            let (order, body) = byDeltaOfDelta.count < byDelta.count ? (UInt8(2), byDeltaOfDelta) : (UInt8(1), byDelta)
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
        out.reserveCapacity(ints.count * 2)
        var residuals: [UInt64] = []
        residuals.reserveCapacity(ints.count)
        var previous: Int64 = 0
        var previousStep: Int64 = 0
        for (k, n) in ints.enumerated() {
            if k == 0 {
                appendVarint(&out, zigzag(n))
            } else {
                let step = n &- previous
                residuals.append(zigzag(order == 2 && k > 1 ? step &- previousStep : step))
                previousStep = step
            }
            previous = n
        }
        pack(residuals, into: &out)
        return out
    }

    /// Blocks of `block` values: a byte with the block's bit width, then the values at that width.
    static func pack(_ values: [UInt64], into out: inout [UInt8]) {
        var start = 0
        while start < values.count {
            let end = min(values.count, start + block)
            var widest: UInt64 = 0
            for k in start..<end { widest |= values[k] }
            let width = 64 - widest.leadingZeroBitCount
            out.append(UInt8(width))
            var acc: UInt64 = 0
            var bits = 0
            for k in start..<end where width > 0 {
                let v = values[k]
                acc |= v << UInt64(bits)
                let room = 64 - bits
                if width >= room {
                    for _ in 0..<8 {
                        out.append(UInt8(truncatingIfNeeded: acc))
                        acc >>= 8
                    }
                    acc = room < 64 ? v >> UInt64(room) : 0
                    bits = width - room
                } else {
                    bits += width
                }
            }
            while bits > 0 {
                out.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits -= 8
            }
            start = end
        }
    }

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

        mutating func byte() throws(DecodingError) -> UInt8 {
            guard index < bytes.count else { throw .truncated }
            defer { index += 1 }
            return bytes[index]
        }

        /// `count` values bit-packed by `SampleCodec.pack`.
        mutating func unpack(_ count: Int) throws(DecodingError) -> [UInt64] {
            var out: [UInt64] = []
            out.reserveCapacity(count)
            while out.count < count {
                let n = min(SampleCodec.block, count - out.count)
                let width = Int(try byte())
                guard width <= 64 else { throw .truncated }
                let byteCount = (n * width + 7) / 8
                guard index + byteCount <= bytes.count else { throw .truncated }
                if width == 0 {
                    out.append(contentsOf: repeatElement(0, count: n))
                    continue
                }
                let mask: UInt64 = width == 64 ? .max : (1 << UInt64(width)) - 1
                var bitPos = 0
                for _ in 0..<n {
                    var v: UInt64 = 0
                    var got = 0
                    while got < width {
                        let byteIndex = index + (bitPos >> 3)
                        let shift = bitPos & 7
                        let take = min(8 - shift, width - got)
                        let part = (UInt64(bytes[byteIndex]) >> UInt64(shift)) & ((1 << UInt64(take)) - 1)
                        v |= part << UInt64(got)
                        got += take
                        bitPos += take
                    }
                    out.append(v & mask)
                }
                index += byteCount
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
