import Foundation

/// Rounding for display only. Stored and JSON values are never rounded.
///
/// Rule: the shortest decimal that round-trips the `Double` is rounded half away from zero
/// (so `-1.2345` → `-1.23` at 2 places, `97.2526…` → `97.25`, `2.675` → `2.68`), then grouped
/// in thousands with `,`.
public enum DisplayFormat {
    public static func number(_ value: Double, decimals: Int, grouping: Bool = true, explicitPlus: Bool = false) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        var decimal = Decimal(string: "\(value)") ?? Decimal(value)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &decimal, decimals, .plain)
        let negative = rounded < 0
        let magnitude = negative ? -rounded : rounded
        var text = NSDecimalNumber(decimal: magnitude).stringValue
        var parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 { parts.append("") }
        parts[1] = String((parts[1] + String(repeating: "0", count: decimals)).prefix(decimals))
        var integer = parts[0]
        if grouping && integer.count > 3 {
            var groups: [String] = []
            while integer.count > 3 {
                groups.insert(String(integer.suffix(3)), at: 0)
                integer = String(integer.dropLast(3))
            }
            groups.insert(integer, at: 0)
            integer = groups.joined(separator: ",")
        }
        text = decimals > 0 ? "\(integer).\(parts[1])" : integer
        let isZero = magnitude == 0
        if negative && !isZero { return "-" + text }
        return explicitPlus && !isZero ? "+" + text : text
    }

    /// Targets and actuals as people write them: up to 2 decimals, no trailing zeros (`95`, `92.39`, `6.6`).
    public static func asWritten(_ value: Double) -> String {
        var s = number(value, decimals: 2)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
