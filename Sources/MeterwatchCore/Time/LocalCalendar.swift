/// Calendar math in one site's time zone: bucket boundaries, local dates, local-time parsing.
///
/// ```swift
/// let cal = try LocalCalendar(timeZone: "America/New_York")
/// let day = cal.bucket(containing: t, resolution: .day)   // (start, end), 23 h on 2019-03-10
/// cal.startOfDay(CivilDate(year: 2019, month: 11, day: 3))
/// ```
/// Every offset in use today is a multiple of 15 minutes, and every transition falls on a quarter
/// hour, so local 15-minute buckets coincide with UTC ones; larger buckets are unions of them.
public struct LocalCalendar: Sendable {
    public let rules: TimeZoneRules
    public static let quarterMs: Int64 = 15 * msPerMinute

    public init(rules: TimeZoneRules) { self.rules = rules }
    public init(timeZone identifier: String) throws { self.rules = try TimeZoneRules(identifier: identifier) }

    public var timeZoneIdentifier: String { rules.identifier }

    /// The local calendar date at a UTC instant.
    public func civilDate(at ms: Int64) -> CivilDate {
        CivilDate(daysSinceEpoch: Int(floorDiv(rules.localMs(fromUTC: ms), msPerDay)))
    }

    /// Local midnight of a date (or the first instant of the day when midnight is skipped).
    public func startOfDay(_ date: CivilDate) -> Int64 {
        rules.utcLenient(fromLocal: Int64(date.daysSinceEpoch) * msPerDay)
    }

    public func bucket(containing ms: Int64, resolution: Resolution) -> (start: Int64, end: Int64) {
        switch resolution {
        case .quarterHour:
            let s = floorDiv(ms, Self.quarterMs) * Self.quarterMs
            return (s, s + Self.quarterMs)
        case .hour:
            let local = rules.localMs(fromUTC: ms)
            let s = ms - floorMod(local, msPerHour)
            return (s, s + msPerHour)
        case .day:
            let d = civilDate(at: ms)
            return (startOfDay(d), startOfDay(d.adding(days: 1)))
        case .month:
            let d = civilDate(at: ms)
            let first = CivilDate(year: d.year, month: d.month, day: 1)
            return (startOfDay(first), startOfDay(first.adding(months: 1)))
        }
    }

    /// Buckets of a resolution that overlap `[from, to)`, in order.
    public func buckets(from: Int64, to: Int64, resolution: Resolution) -> [(start: Int64, end: Int64)] {
        var result: [(Int64, Int64)] = []
        guard from < to else { return result }
        var b = bucket(containing: from, resolution: resolution)
        while b.start < to {
            result.append(b)
            b = bucket(containing: b.end, resolution: resolution)
        }
        return result
    }

    /// `isoString`'s bytes appended to `out`, without making a string (answers with thousands of
    /// times).
    public func appendISO(_ ms: Int64, to out: inout [UInt8]) {
        let off = rules.offsetMs(atUTC: ms)
        let local = ms + off
        let date = CivilDate(daysSinceEpoch: Int(floorDiv(local, msPerDay)))
        guard (0...9999).contains(date.year) else {
            out.append(contentsOf: isoString(ms).utf8)
            return
        }
        @inline(__always) func digits(_ v: Int, _ n: Int) {
            var d = 1
            for _ in 1..<n { d *= 10 }
            var v = v
            while d > 0 {
                out.append(UInt8(0x30 + v / d))
                v %= d
                d /= 10
            }
        }
        let msOfDay = Int(floorMod(local, msPerDay))
        digits(date.year, 4)
        out.append(0x2D)
        digits(date.month, 2)
        out.append(0x2D)
        digits(date.day, 2)
        out.append(0x54)
        digits(msOfDay / 3_600_000, 2)
        out.append(0x3A)
        digits(msOfDay / 60_000 % 60, 2)
        out.append(0x3A)
        digits(msOfDay / 1000 % 60, 2)
        if msOfDay % 1000 != 0 {
            out.append(0x2E)
            digits(msOfDay % 1000, 3)
        }
        if off == 0 && rules.identifier == "UTC" {
            out.append(0x5A)
            return
        }
        out.append(off < 0 ? 0x2D : 0x2B)
        let a = Int(abs(off))
        digits(a / 3_600_000, 2)
        out.append(0x3A)
        digits(a / 60_000 % 60, 2)
    }

    /// Local wall-clock time of a UTC instant, as ISO 8601 with its offset (`2019-07-01T00:00:00+08:00`).
    public func isoString(_ ms: Int64) -> String {
        let off = rules.offsetMs(atUTC: ms)
        let local = ms + off
        let date = CivilDate(daysSinceEpoch: Int(floorDiv(local, msPerDay)))
        let msOfDay = floorMod(local, msPerDay)
        let h = msOfDay / msPerHour
        let m = (msOfDay / msPerMinute) % 60
        let s = (msOfDay / 1000) % 60
        let frac = msOfDay % 1000
        func p2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var out = "\(date)T\(p2(h)):\(p2(m)):\(p2(s))"
        if frac != 0 { out += "." + String(String(frac + 1000).dropFirst()) }
        if off == 0 && rules.identifier == "UTC" { return out + "Z" }
        let sign = off < 0 ? "-" : "+"
        let a = abs(off)
        return out + "\(sign)\(p2(a / msPerHour)):\(p2((a / msPerMinute) % 60))"
    }
}
