/// The shape of a time-of-use tariff: which periods a day has and which contracts serve them.
public enum TariffStructure: String, Sendable, CaseIterable, Codable, Hashable {
    /// 三段式: peak, half-peak, Saturday half-peak, off-peak; contracts regular, half-peak,
    /// Saturday, off-peak.
    case threeSection = "three-section"
    /// 二段式: peak, Saturday half-peak, off-peak; contracts regular, non-summer, Saturday, off-peak.
    case twoSection = "two-section"

    /// The contract kinds a tariff of this shape takes.
    public var contractKinds: [ContractKind] {
        switch self {
        case .threeSection: [.regular, .halfPeak, .saturday, .offPeak]
        case .twoSection: [.regular, .nonSummer, .saturday, .offPeak]
        }
    }

    /// The periods a day of each type may have.
    func allows(_ period: TOUPeriod, on day: TariffDayType) -> Bool {
        switch (self, day, period) {
        case (_, .sunday, .offPeak): true
        case (_, .sunday, _): false
        case (_, .saturday, .saturdayHalfPeak), (_, .saturday, .offPeak): true
        case (_, .saturday, _): false
        case (.threeSection, .weekday, .peak), (.threeSection, .weekday, .halfPeak), (_, .weekday, .offPeak): true
        case (.twoSection, .weekday, .peak): true
        case (_, .weekday, _): false
        }
    }

    /// The demand ladder of a season: each period, the contracts that serve it (cumulatively), and
    /// the contract whose basic price its excess is charged at.
    public func ladder(_ season: Season) -> [(period: TOUPeriod, serving: [ContractKind], priced: ContractKind)] {
        switch (self, season) {
        case (.threeSection, _):
            [
                (.peak, [.regular], .regular),
                (.halfPeak, [.regular, .halfPeak], .halfPeak),
                (.saturdayHalfPeak, [.regular, .halfPeak, .saturday], .saturday),
                (.offPeak, [.regular, .halfPeak, .saturday, .offPeak], .offPeak),
            ]
        case (.twoSection, .summer):
            [
                (.peak, [.regular], .regular),
                (.saturdayHalfPeak, [.regular, .saturday], .saturday),
                (.offPeak, [.regular, .saturday, .offPeak], .offPeak),
            ]
        case (.twoSection, .nonSummer):
            [
                (.peak, [.regular, .nonSummer], .regular),
                (.saturdayHalfPeak, [.regular, .nonSummer, .saturday], .saturday),
                (.offPeak, [.regular, .nonSummer, .saturday, .offPeak], .offPeak),
            ]
        }
    }

    /// The contracts the 50 % rule measures the Saturday and off-peak contracts against.
    public func primaryContracts(_ season: Season) -> [ContractKind] {
        switch (self, season) {
        case (.threeSection, _): [.regular, .halfPeak]
        case (.twoSection, .summer): [.regular]
        case (.twoSection, .nonSummer): [.regular, .nonSummer]
        }
    }
}
