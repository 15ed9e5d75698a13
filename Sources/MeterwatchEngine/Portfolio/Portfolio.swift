import MeterwatchConfig
import MeterwatchCore

/// Every building of a deployment side by side: the period against its baseline, and the energy use
/// intensity over the last twelve complete months, with the buildings ranked by both.
public struct Portfolio: Sendable, Equatable, Encodable {
    public var category: MeterCategory
    public var unit: String
    public var period: Period
    public var against: Baseline
    /// The twelve complete months the intensity is taken over, and the twelve before.
    public var trailing: Period
    public var trailingBaseline: Period
    /// In the order of `sites:`.
    public var rows: [PortfolioRow]
    public var total: PortfolioRow

    /// "EUI, kWh/m²·yr over 12 months, 2025-11 to 2026-10; baseline: 12 months, 2024-11 to 2025-10".
    public var intensityWindow: Phrase {
        .intensityWindow(
            category, months: .twelveMonths(from: trailing.start, through: trailing.lastDay),
            baselineMonths: .twelveMonths(from: trailingBaseline.start, through: trailingBaseline.lastDay))
    }

    /// "This period: 1 January to 27 November 2026; baseline: same dates of 2025" (from the total,
    /// else the first building compared).
    public func periodLine(_ language: Language) -> String? {
        guard let c = total.comparison ?? rows.compactMap(\.comparison).first else { return nil }
        return Phrase.periodAgainst(current: c.current.label.text(language), baseline: c.baseline.label.text(language)).text(language)
    }

    /// The rows from the lowest intensity up; buildings without one last, in `sites:` order.
    public var rankedByIntensity: [PortfolioRow] {
        rows.enumerated().sorted { a, b in
            (a.element.rankByIntensity ?? Int.max, a.offset) < (b.element.rankByIntensity ?? Int.max, b.offset)
        }.map(\.element)
    }

    enum CodingKeys: String, CodingKey {
        case category, unit, period, against, buildings, total
        case trailing = "intensity_months", trailingBaseline = "intensity_baseline_months", intensityUnit = "intensity_unit"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(category.rawValue, forKey: .category)
        try c.encode(unit, forKey: .unit)
        try c.encode(unit + "/m2/yr", forKey: .intensityUnit)
        try c.encode(period.id, forKey: .period)
        try c.encode(against.id, forKey: .against)
        try c.encode(trailing.id, forKey: .trailing)
        try c.encode(trailingBaseline.id, forKey: .trailingBaseline)
        try c.encode(rows, forKey: .buildings)
        try c.encode(total, forKey: .total)
    }
}
