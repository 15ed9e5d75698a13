/// Reads what `BitWriter` wrote: bits least significant first, from `index` on.
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

    /// `count` bits (0…64) as an integer.
    mutating func read(_ count: Int) throws(SampleCodec.DecodingError) -> UInt64 {
        var value: UInt64 = 0
        var got = 0
        while got < count {
            let byteIndex = start + (bit >> 3)
            guard byteIndex < bytes.count else { throw .truncated }
            let shift = bit & 7
            let take = min(8 - shift, count - got)
            let part = (UInt64(bytes[byteIndex]) >> UInt64(shift)) & ((1 << UInt64(take)) - 1)
            value |= part << UInt64(got)
            got += take
            bit += take
        }
        return value
    }

    mutating func readRice(k: Int, escape: UInt64) throws(SampleCodec.DecodingError) -> UInt64 {
        guard k < 64 else { throw .truncated }
        var q: UInt64 = 0
        while q < escape, try read(1) == 1 { q += 1 }
        if q == escape {
            return try read(64)
        }
        return q << UInt64(k) | (k > 0 ? try read(k) : 0)
    }
}
