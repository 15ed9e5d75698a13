/// Total conversions from stored or decoded `Double`s to integers.
///
/// `Int(x)` and `UInt32(x)` trap when `x` is NaN, infinite or out of range, and a trap kills the
/// server with the collector and the alerts in it. A stored value or a register can hold anything,
/// so every such conversion goes through one of these, which answer nil instead.
///
/// ```swift
/// (5e9).exactUInt32        // nil
/// (7.0).exactInt           // 7
/// (7.5).exactInt           // nil
/// (1e300).clampedInt64     // Int64.max
/// ```
extension Double {
    /// The value as an `Int` when it is a whole number in range; nil otherwise.
    public var exactInt: Int? { Int(exactly: self) }

    /// The value as a `UInt32` when it is a whole number in range; nil otherwise.
    public var exactUInt32: UInt32? { UInt32(exactly: self) }

    /// The value as an `Int64`, rounded toward zero and clamped to `Int64`'s range; NaN gives nil.
    public var clampedInt64: Int64? {
        guard !isNaN else { return nil }
        if self >= 9.223_372_036_854_775_807e18 { return Int64.max }
        if self <= -9.223_372_036_854_775_808e18 { return Int64.min }
        return Int64(self)
    }
}
