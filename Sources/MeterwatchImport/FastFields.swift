import MeterwatchCore

/// Number and time fields parsed straight from bytes on the import's hot path. Each returns nil
/// for anything outside its fast shape; the caller then takes the general `String` path, so the
/// result is always the same as `Double(String)` and `TimeParser.parseInstant`.
public enum FastFields {
    static let powers: [Double] = (0...22).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }

    /// `-?digits[.digits]` with at most 15 significant digits: exact by Clinger's fast path (an
    /// integer below 2^53 divided by an exact power of ten is correctly rounded).
    @inline(__always)
    public static func number(_ b: ArraySlice<UInt8>) -> Double? { number(b, shift: 0) }

    /// The number divided by 10^`shift` (a unit conversion such as Wh → kWh), rounded once from
    /// the decimal digits: 374498.7 Wh becomes exactly the double nearest 374.4987, where parsing
    /// and then dividing by 1000 can land an ulp away.
    @inline(__always)
    public static func number(_ b: ArraySlice<UInt8>, shift: Int) -> Double? {
        var i = b.startIndex
        guard i < b.endIndex else { return nil }
        var negative = false
        if b[i] == 0x2D {
            negative = true
            i += 1
        } else if b[i] == 0x2B {
            i += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = 0
        var seenPoint = false
        var any = false
        while i < b.endIndex {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                any = true
                if mantissa == 0 && c == 0x30 {
                    if seenPoint { fraction += 1 }
                } else {
                    digits += 1
                    guard digits <= 15 else { return nil }
                    mantissa = mantissa * 10 + Int64(c - 0x30)
                    if seenPoint { fraction += 1 }
                }
            } else if c == 0x2E && !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            i += 1
        }
        guard any, fraction + shift <= 22 else { return nil }
        let value = Double(mantissa) / powers[fraction + shift]
        return negative ? -value : value
    }

    /// `YYYY-MM-DD[(T| )H[H]:MM[:SS[(.|,)f…]]][Z|±HH[:MM]]`, as `TimeParser` reads it; nil (take
    /// the general path) for other shapes and for local times that need a message.
    @inline(__always)
    public static func instant(_ b: ArraySlice<UInt8>, rules: TimeZoneRules) -> Int64? {
        var i = b.startIndex
        @inline(__always) func int(_ minDigits: Int, _ maxDigits: Int) -> Int? {
            var n = 0
            var k = 0
            while i < b.endIndex, k < maxDigits, b[i] >= 0x30, b[i] <= 0x39 {
                n = n * 10 + Int(b[i] - 0x30)
                i += 1
                k += 1
            }
            return k >= minDigits ? n : nil
        }
        @inline(__always) func take(_ c: UInt8) -> Bool {
            guard i < b.endIndex, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = int(4, 4), take(0x2D), let mo = int(1, 2), take(0x2D), let d = int(1, 2),
            let date = CivilDate(validYear: y, month: mo, day: d)
        else { return nil }
        var msOfDay: Int64 = 0
        if i < b.endIndex, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 {
            i += 1
            guard let h = int(1, 2), take(0x3A), let m = int(2, 2) else { return nil }
            var sec = 0
            var frac: Int64 = 0
            if take(0x3A) {
                guard let s = int(2, 2) else { return nil }
                sec = s
                if i < b.endIndex, b[i] == 0x2E || b[i] == 0x2C {
                    i += 1
                    var k = 0
                    var f: Int64 = 0
                    while i < b.endIndex, b[i] >= 0x30, b[i] <= 0x39 {
                        if k < 3 { f = f * 10 + Int64(b[i] - 0x30) }
                        k += 1
                        i += 1
                    }
                    guard k > 0 else { return nil }
                    for _ in min(k, 3)..<3 { f *= 10 }
                    frac = f
                }
            }
            guard h <= 24, m < 60, sec < 60, !(h == 24 && (m != 0 || sec != 0 || frac != 0)) else { return nil }
            msOfDay = Int64(h) * msPerHour + Int64(m) * msPerMinute + Int64(sec) * 1000 + frac
        }
        let localMs = Int64(date.daysSinceEpoch) * msPerDay + msOfDay
        while i < b.endIndex, b[i] == 0x20 { i += 1 }
        if i == b.endIndex {
            switch rules.resolveLocal(localMs) {
            case .unique(let u): return u
            case .ambiguous(let e, _): return e
            case .nonexistent: return nil
            }
        }
        if b[i] == 0x5A || b[i] == 0x7A {
            return i + 1 == b.endIndex ? localMs : nil
        }
        guard b[i] == 0x2B || b[i] == 0x2D else { return nil }
        let plus = b[i] == 0x2B
        i += 1
        var offsetDigits: [Int] = []
        while i < b.endIndex {
            if b[i] == 0x3A {
                i += 1
                continue
            }
            guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
            offsetDigits.append(Int(b[i] - 0x30))
            i += 1
        }
        guard offsetDigits.count == 4 || offsetDigits.count == 2 else { return nil }
        let hh = offsetDigits[0] * 10 + offsetDigits[1]
        let mm = offsetDigits.count == 4 ? offsetDigits[2] * 10 + offsetDigits[3] : 0
        guard hh <= 18, mm < 60 else { return nil }
        let off = Int64(hh * 60 + mm) * msPerMinute
        return plus ? localMs - off : localMs + off
    }
}
