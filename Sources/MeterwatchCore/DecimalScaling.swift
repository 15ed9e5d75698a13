/// Multiplies by a factor the way a decimal display would: by a negative power of ten as a
/// division (12345 × 0.1 is 1234.5000000000002 in binary, 12345 ÷ 10 is 1234.5), so that a
/// reading stays the shortest decimal it reads as. Stored values then compress to their digits
/// (`SampleCodec`), and figures print as people expect.
public enum DecimalScaling {
    static let powers: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
    static let inverse: [Double] = [1, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 1e-7, 1e-8, 1e-9]

    @inline(__always)
    public static func multiply(_ value: Double, by factor: Double) -> Double {
        if factor == 1 {
            return value
        }
        if let k = inverse.firstIndex(of: factor) {
            return value / powers[k]
        }
        return value * factor
    }
}
