/// A time-of-use period: what a quarter hour's energy is priced at, and whose maximum demand is
/// held against the contracts.
public enum TOUPeriod: String, Sendable, CaseIterable, Codable, Hashable, Comparable {
    /// 尖峰
    case peak
    /// 半尖峰
    case halfPeak = "half_peak"
    /// 週六半尖峰
    case saturdayHalfPeak = "saturday_half_peak"
    /// 離峰
    case offPeak = "off_peak"

    public static func < (a: TOUPeriod, b: TOUPeriod) -> Bool { a.order < b.order }

    var order: Int {
        switch self {
        case .peak: 0
        case .halfPeak: 1
        case .saturdayHalfPeak: 2
        case .offPeak: 3
        }
    }
}

extension TOUPeriod: CodingKeyRepresentable {}
