import Foundation
import MeterwatchCore

/// Decodes and encodes point values from and to register words, in Swift, for every type and
/// byte order. (libmodbus's float helpers are not used: their byte order differs between builds.)
public enum RegisterCodec {
    /// The registers of a value as one big-endian bit pattern, after applying the byte order.
    static func pattern(_ words: ArraySlice<UInt16>, order: ByteOrder) -> UInt64 {
        var regs = Array(words)
        if order.wordsReversed { regs.reverse() }
        var out: UInt64 = 0
        for r in regs { out = (out << 16) | UInt64(order.bytesSwapped ? r.byteSwapped : r) }
        return out
    }

    /// Inverse of `pattern`.
    static func words(pattern: UInt64, count: Int, order: ByteOrder) -> [UInt16] {
        var regs = (0..<count).map { i in UInt16(truncatingIfNeeded: pattern >> UInt64(16 * (count - 1 - i))) }
        if order.bytesSwapped { regs = regs.map(\.byteSwapped) }
        if order.wordsReversed { regs.reverse() }
        return regs
    }

    /// The raw value of `point` from exactly its registers, or why there is none.
    public static func decodeRaw(
        _ point: PointDefinition, words: ArraySlice<UInt16>,
        sentinels: SentinelStyle = .none
    ) -> Result<RawValue, MissingReason> {
        precondition(words.count == point.registerCount, "decodeRaw: \(words.count) words for \(point.registerCount) registers")
        if point.type == .string {
            var bytes: [UInt8] = []
            for w in words {
                let v = point.byteOrder.bytesSwapped ? w.byteSwapped : w
                bytes.append(UInt8(v >> 8))
                bytes.append(UInt8(v & 0xFF))
            }
            if sentinels == .sunspec, bytes.first == 0 { return .failure(.notAvailable(raw: 0)) }
            if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return .success(.text(text))
        }
        let bits = pattern(words, order: point.byteOrder)
        if point.invalid.contains(bits) { return .failure(.notAvailable(raw: bits)) }
        if sentinels == .sunspec, let s = sunspecSentinel(point.type), s == bits { return .failure(.notAvailable(raw: bits)) }
        switch point.type {
        case .int16, .sunssf: return .success(.signed(Int64(Int16(truncatingIfNeeded: bits))))
        case .uint16, .bitfield16, .enum16, .bool: return .success(.unsigned(bits))
        case .int32: return .success(.signed(Int64(Int32(truncatingIfNeeded: bits))))
        case .uint32, .bitfield32, .acc32: return .success(.unsigned(bits))
        case .int64: return .success(.signed(Int64(bitPattern: bits)))
        case .uint64, .acc64: return .success(.unsigned(bits))
        case .float32:
            let f = Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
            return f.isNaN ? .failure(.notANumber) : .success(.float(f))
        case .float64:
            let f = Double(bitPattern: bits)
            return f.isNaN ? .failure(.notANumber) : .success(.float(f))
        case .string: fatalError("handled above")
        }
    }

    /// SunSpec's "not implemented" values (pysunspec2 `mb.py`).
    static func sunspecSentinel(_ type: ValueType) -> UInt64? {
        switch type {
        case .int16, .sunssf: 0x8000
        case .uint16, .enum16, .bitfield16: 0xFFFF
        case .int32: 0x8000_0000
        case .uint32, .bitfield32: 0xFFFF_FFFF
        case .int64: 0x8000_0000_0000_0000
        case .uint64: 0xFFFF_FFFF_FFFF_FFFF
        case .acc32, .acc64: 0
        case .float32, .float64, .string, .bool: nil
        }
    }

    /// Engineering value in the quantity's canonical unit: raw × scale × 10^sf + offset, then
    /// converted from the point's unit. Bitfields feeding `ups_status` become canonical UPS flags.
    public static func value(_ point: PointDefinition, raw: RawValue, scaleFactor: Int? = nil) -> Double? {
        if point.quantity == Quantity("ups_status"), case .unsigned(let bits) = raw {
            var flags = UPSFlags()
            for (bit, name) in point.flags where bits & (1 << UInt64(bit)) != 0 {
                if let f = UPSFlags(name: name) { flags.insert(f) }
            }
            return Double(flags.rawValue)
        }
        guard let n = raw.number else { return nil }
        var v = DecimalScaling.multiply(n, by: point.scale)
        if let sf = scaleFactor, sf != 0 { v = sf < 0 ? v / pow10(-sf) : v * pow10(sf) }
        v += point.offset
        if let q = point.quantity, let canonical = q.canonical?.unit,
            let (factor, off) = UnitConversion.toCanonical(from: point.unit, canonical: canonical), factor != 1 || off != 0
        {
            v = DecimalScaling.multiply(v, by: factor) + off
        }
        return v
    }

    /// 10^n exactly for the small exponents SunSpec uses (avoids pow's last-bit differences).
    static func pow10(_ n: Int) -> Double {
        let table: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10]
        return n >= 0 ? table[min(n, 10)] : 1 / table[min(-n, 10)]
    }

    // MARK: Encoding (the simulator's side)

    /// Register words that decode to `value` (canonical unit) for `point`.
    public static func encode(_ point: PointDefinition, value: Double, scaleFactor: Int? = nil) -> [UInt16] {
        let n = point.registerCount
        if point.quantity == Quantity("ups_status") {
            let flags = UPSFlags(rawValue: UInt32(max(0, value)))
            var bits: UInt64 = 0
            for (bit, name) in point.flags { if let f = UPSFlags(name: name), flags.contains(f) { bits |= 1 << UInt64(bit) } }
            return words(pattern: bits, count: n, order: point.byteOrder)
        }
        var device = value
        if let q = point.quantity, let canonical = q.canonical?.unit,
            let (factor, off) = UnitConversion.toCanonical(from: point.unit, canonical: canonical)
        {
            device = (value - off) / factor
        }
        var raw = (device - point.offset) / point.scale
        if let sf = scaleFactor, sf != 0 { raw /= pow10(sf) }
        let bits: UInt64
        switch point.type {
        case .float32: bits = UInt64(Float(raw).bitPattern)
        case .float64: bits = raw.bitPattern
        case .int16, .sunssf: bits = UInt64(UInt16(bitPattern: Int16(clamping: Int64(raw.rounded()))))
        case .int32: bits = UInt64(UInt32(bitPattern: Int32(clamping: Int64(raw.rounded()))))
        case .int64: bits = UInt64(bitPattern: Int64(raw.rounded()))
        case .uint16, .bitfield16, .enum16, .bool: bits = UInt64(UInt16(clamping: Int64(max(0, raw.rounded()))))
        case .uint32, .bitfield32, .acc32: bits = UInt64(UInt32(clamping: Int64(max(0, raw.rounded()))))
        case .uint64, .acc64: bits = raw <= 0 ? 0 : UInt64(raw.rounded())
        case .string: return encode(point, text: String(value))
        }
        return words(pattern: bits, count: n, order: point.byteOrder)
    }

    public static func encode(_ point: PointDefinition, text: String) -> [UInt16] {
        var bytes = Array(text.utf8.prefix(point.length * 2))
        while bytes.count < point.length * 2 { bytes.append(0) }
        return stride(from: 0, to: bytes.count, by: 2).map { i in
            let w = UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
            return point.byteOrder.bytesSwapped ? w.byteSwapped : w
        }
    }
}
