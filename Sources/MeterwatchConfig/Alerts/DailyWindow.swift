import Foundation

/// A local time-of-day window such as 01:00–04:00 (minutes after local midnight; may wrap midnight).
public struct DailyWindow: Sendable, Hashable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
    public var lengthMinutes: Int { endMinute > startMinute ? endMinute - startMinute : endMinute + 1440 - startMinute }
    public var description: String {
        func hm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(hm(startMinute))–\(hm(endMinute))"
    }

    /// `01:00-04:00` (also `–`); may wrap midnight (`23:00-05:00`).
    static func parse(_ r: YAMLReader) throws(ConfigError) -> DailyWindow {
        let text = try r.string().replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " ", with: "")
        let parts = text.split(separator: "-")
        func minutes(_ s: Substring) -> Int? {
            let hm = s.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440
            else { return nil }
            return (h * 60 + m) % 1440
        }
        guard parts.count == 2, let a = minutes(parts[0]), let b = minutes(parts[1]), a != b else {
            throw r.error("expected a local time window such as 01:00-04:00")
        }
        return DailyWindow(startMinute: a, endMinute: b)
    }
}
