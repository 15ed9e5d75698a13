/// Reads what `BitWriter` wrote: bits least significant first, from `index` on. Reads go through
/// a 64-bit window loaded from up to 8 bytes, so that a value costs a few instructions, not a
/// loop over its bits (a raw day of readings decodes in microseconds).
struct BitReader {
    let bytes: [UInt8]
    let start: Int
    private var bit = 0

    init(bytes: [UInt8], index: Int) {
        self.bytes = bytes
        self.start = index
    }

    /// The first byte after the bits read (blocks end on a byte).
    var byteEnd: Int { start + (bit + 7) / 8 }

    /// The next bits from the current position: at least 57 of them are valid, or every bit left;
    /// `available` says how many.
    private func window() -> (bits: UInt64, available: Int) {
        let first = start + (bit >> 3)
        let shift = bit & 7
        let count = min(8, bytes.count - first)
        guard count > 0 else { return (0, 0) }
        var w: UInt64 = 0
        bytes.withUnsafeBufferPointer { buffer in
            for i in 0..<count { w |= UInt64(buffer[first + i]) << UInt64(8 * i) }
        }
        return (w >> UInt64(shift), count * 8 - shift)
    }

    /// `count` bits (0…64) as an integer.
    mutating func read(_ count: Int) throws(SampleCodec.DecodingError) -> UInt64 {
        guard count > 0 else { return 0 }
        if count <= 56 {
            let (w, available) = window()
            guard available >= count else { throw .truncated }
            bit += count
            return w & ((1 << UInt64(count)) - 1)
        }
        let low = try read(32)
        let high = try read(count - 32)
        return low | high << 32
    }

    /// A Rice code with parameter k (`BitWriter.writeRice`).
    mutating func readRice(k: Int, escape: UInt64) throws(SampleCodec.DecodingError) -> UInt64 {
        guard k < 64 else { throw .truncated }
        let (w, available) = window()
        // The unary quotient: the ones before the first zero (escape < 57, so the window holds it).
        let ones = min((~w).trailingZeroBitCount, Int(escape))
        if UInt64(ones) == escape {
            guard available >= ones else { throw .truncated }
            bit += ones
            return try read(64)
        }
        guard available > ones else { throw .truncated }
        bit += ones + 1
        return UInt64(ones) << UInt64(k) | (try read(k))
    }
}
