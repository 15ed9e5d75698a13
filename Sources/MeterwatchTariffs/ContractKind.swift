/// A kind of contract capacity (契約容量), in kW: the regular contract (經常契約) serves the peak
/// period; the half-peak (半尖峰), non-summer (非夏月, two-section only), Saturday (週六半尖峰) and
/// off-peak (離峰) contracts serve their periods beyond the ones before them.
public enum ContractKind: String, Sendable, CaseIterable, Codable, Hashable {
    case regular
    case halfPeak = "half_peak"
    case nonSummer = "non_summer"
    case saturday
    case offPeak = "off_peak"
}

extension ContractKind: CodingKeyRepresentable {}
