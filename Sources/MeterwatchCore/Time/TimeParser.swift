/// Parses the time formats users put in CSVs and on the command line:
/// `2019-07-01T08:15:00+08:00`, `2019-07-01T00:15Z`, `2019-07-01 08:15` (local to the site),
/// `2019-07-01` (local midnight), fractional seconds, and ROC dates (`108/07/01`, `108.7.1`, `1080701`)
/// where asked for.
///
/// Local times that do not exist (spring-forward gap) are errors; local times that occur twice
/// (fall-back) resolve to their first occurrence. Both rules are documented in docs/how-to/import-readings.md.
public struct TimeParser: Sendable {
    public let calendar: LocalCalendar
    public init(calendar: LocalCalendar) { self.calendar = calendar }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let text: String
        public let reason: String
        public var description: String { "cannot read time '\(text)': \(reason)" }
    }

    /// A timestamp in UTC milliseconds.
    public func parseInstant(_ raw: String) throws(ParseError) -> Int64 {
        let text = raw.trimmedField
        var s = Substring(text)
        guard let date = Self.takeDate(&s) else {
            throw ParseError(text: text, reason: "expected YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]")
        }
        var msOfDay: Int64 = 0
        if let c = s.first, c == "T" || c == " " || c == "t" {
            s = s.dropFirst()
            guard let t = Self.takeTime(&s) else { throw ParseError(text: text, reason: "bad time of day") }
            msOfDay = t
        }
        let localMs = Int64(date.daysSinceEpoch) * msPerDay + msOfDay
        s = s.drop(while: { $0 == " " })
        if s.isEmpty {
            switch calendar.rules.resolveLocal(localMs) {
            case .unique(let u): return u
            case .ambiguous(let e, _): return e
            case .nonexistent:
                throw ParseError(
                    text: text,
                    reason: "this local time does not exist in \(calendar.timeZoneIdentifier) (clocks skip it); give an explicit offset")
            }
        }
        if s == "Z" || s == "z" { return localMs }
        guard let sign = s.first, sign == "+" || sign == "-" else {
            throw ParseError(text: text, reason: "unexpected '\(s)' after the time")
        }
        s = s.dropFirst()
        let digits = s.filter { $0 != ":" }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy(\.isASCIIDigit),
            let hh = Int64(digits.prefix(2)), let mm = Int64(digits.count == 4 ? String(digits.suffix(2)) : "0"),
            hh <= 18, mm < 60
        else { throw ParseError(text: text, reason: "bad UTC offset") }
        let off = (hh * 60 + mm) * msPerMinute
        return sign == "+" ? localMs - off : localMs + off
    }

    /// A date: ISO (`2019-07-01`, `2019/7/1`) and, with `allowROC`, ROC (`108/07/01`, `108.7.1`, `1080701`).
    public static func parseDate(_ raw: String, allowROC: Bool) -> CivilDate? {
        let text = raw.trimmedField
        if text.count == 7, allowROC, text.allSatisfy(\.isASCIIDigit) {  // 1080701
            let chars = Array(text)
            guard let y = Int(String(chars[0..<3])), let m = Int(String(chars[3..<5])), let d = Int(String(chars[5..<7])) else {
                return nil
            }
            return CivilDate(validYear: y + 1911, month: m, day: d)
        }
        if text.count == 8, text.allSatisfy(\.isASCIIDigit) {  // 20190701
            let chars = Array(text)
            guard let y = Int(String(chars[0..<4])), let m = Int(String(chars[4..<6])), let d = Int(String(chars[6..<8])) else {
                return nil
            }
            return CivilDate(validYear: y, month: m, day: d)
        }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." })
        guard parts.count == 3, parts.allSatisfy({ (p: Substring) in !p.isEmpty && p.count <= 4 && p.allSatisfy { $0.isASCIIDigit } }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        if parts[0].count == 4 { return CivilDate(validYear: y, month: m, day: d) }
        if allowROC, parts[0].count <= 3, y >= 1 { return CivilDate(validYear: y + 1911, month: m, day: d) }
        return nil
    }

    private static func takeInt(_ s: inout Substring, digits: ClosedRange<Int>) -> Int? {
        let d = s.prefix(while: \.isASCIIDigit)
        guard digits.contains(d.count), let v = Int(d) else { return nil }
        s = s.dropFirst(d.count)
        return v
    }

    private static func takeDate(_ s: inout Substring) -> CivilDate? {
        guard let y = takeInt(&s, digits: 4...4), s.first == "-" else { return nil }
        s = s.dropFirst()
        guard let m = takeInt(&s, digits: 1...2), s.first == "-" else { return nil }
        s = s.dropFirst()
        guard let d = takeInt(&s, digits: 1...2) else { return nil }
        return CivilDate(validYear: y, month: m, day: d)
    }

    private static func takeTime(_ s: inout Substring) -> Int64? {
        guard let h = takeInt(&s, digits: 1...2), s.first == ":" else { return nil }
        s = s.dropFirst()
        guard let m = takeInt(&s, digits: 2...2) else { return nil }
        var sec = 0
        var frac: Int64 = 0
        if s.first == ":" {
            s = s.dropFirst()
            guard let v = takeInt(&s, digits: 2...2) else { return nil }
            sec = v
            if s.first == "." || s.first == "," {
                s = s.dropFirst()
                let f = s.prefix(while: \.isASCIIDigit)
                guard !f.isEmpty else { return nil }
                s = s.dropFirst(f.count)
                let ms3 = String((f + "000").prefix(3))
                frac = Int64(ms3) ?? 0
            }
        }
        guard h <= 24, m < 60, sec < 60, !(h == 24 && (m != 0 || sec != 0 || frac != 0)) else { return nil }
        return Int64(h) * msPerHour + Int64(m) * msPerMinute + Int64(sec) * 1000 + frac
    }
}

extension Character {
    @inlinable var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Trims spaces, tabs, a byte-order mark and the ideographic space (U+3000) users paste from Word.
    public var trimmedField: String {
        let junk: Set<Character> = [" ", "\t", "\u{FEFF}", "\u{3000}", "\r"]
        var s = Substring(self)
        while let f = s.first, junk.contains(f) { s = s.dropFirst() }
        while let l = s.last, junk.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
