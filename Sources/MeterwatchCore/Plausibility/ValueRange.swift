/// The values a quantity can plausibly take: bounds (inclusive unless `maxExclusive`) and
/// whether only whole numbers make sense (bit masks, state codes).
public struct ValueRange: Sendable, Hashable, CustomStringConvertible {
    public var min: Double?
    public var max: Double?
    /// The upper bound itself is not allowed (a counter's `rollover_at`, a bit mask's 2^width).
    public var maxExclusive: Bool
    public var wholeNumbers: Bool

    public init(min: Double? = nil, max: Double? = nil, maxExclusive: Bool = false, wholeNumbers: Bool = false) {
        self.min = min
        self.max = max
        self.maxExclusive = maxExclusive
        self.wholeNumbers = wholeNumbers
    }

    public func contains(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        if let min, v < min { return false }
        if let max, maxExclusive ? v >= max : v > max { return false }
        if wholeNumbers, v.rounded(.towardZero) != v { return false }
        return true
    }

    public var description: String {
        let lo = min.map(Self.text) ?? "−∞"
        let hi = max.map(Self.text) ?? "∞"
        let upper = maxExclusive ? "\(hi))" : "\(hi)]"
        return "[\(lo), \(upper)" + (wholeNumbers ? " (whole numbers)" : "")
    }

    /// `100`, `0.5`, `8192`: whole numbers without a decimal point.
    static func text(_ v: Double) -> String {
        if let whole = v.exactInt { return String(whole) }
        return String(v)
    }
}
