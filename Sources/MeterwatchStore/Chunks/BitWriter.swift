/// Bits appended least significant first, flushed to whole bytes (`SampleCodec`'s packed blocks).
struct BitWriter {
    private var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var used = 0

    /// The low `bits` bits of `value` (1…64).
    mutating func write(_ value: UInt64, bits: Int) {
        var v = bits == 64 ? value : value & ((1 << UInt64(bits)) - 1)
        var left = bits
        while left > 0 {
            let room = 64 - used
            let take = min(room, left)
            let part = take == 64 ? v : v & ((1 << UInt64(take)) - 1)
            accumulator |= part << UInt64(used)
            used += take
            left -= take
            v = take == 64 ? 0 : v >> UInt64(take)
            if used == 64 { spill() }
        }
    }

    /// Rice code of `value` with parameter k: the quotient in unary (ones, then a zero) and the
    /// low k bits; a quotient of `SampleCodec.riceEscape` or more is that many ones and 64 raw bits.
    mutating func writeRice(_ value: UInt64, k: Int) {
        let q = value >> UInt64(k)
        if q >= SampleCodec.riceEscape {
            write((1 << SampleCodec.riceEscape) - 1, bits: Int(SampleCodec.riceEscape))
            write(value, bits: 64)
            return
        }
        // q ones then a zero: q + 1 bits whose low q are set (q < 24, so it fits).
        write((1 << q) - 1, bits: Int(q) + 1)
        if k > 0 { write(value, bits: k) }
    }

    private mutating func spill() {
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
        }
        accumulator = 0
        used = 0
    }

    /// Appends what was written, the last byte padded with zeros.
    mutating func flush(into out: inout [UInt8]) {
        out += bytes
        var left = used
        while left > 0 {
            out.append(UInt8(truncatingIfNeeded: accumulator))
            accumulator >>= 8
            left -= 8
        }
        bytes.removeAll()
        accumulator = 0
        used = 0
    }
}
