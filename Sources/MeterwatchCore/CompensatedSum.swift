/// Neumaier-compensated summation: report totals are sums of thousands of bucket values, and a
/// naive `+=` drifts in the last digits (11,519,200 would print as 11,519,199.999999998).
///
/// ```swift
/// var total = CompensatedSum()
/// for v in values { total.add(v) }
/// total.value
/// ```
public struct CompensatedSum: Sendable, Equatable {
    private var sum: Double = 0
    private var compensation: Double = 0
    public init() {}
    public init<S: Sequence>(_ values: S) where S.Element == Double { for v in values { add(v) } }

    public mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) { compensation += (sum - t) + x } else { compensation += (x - t) + sum }
        sum = t
    }

    public var value: Double { sum + compensation }
}
