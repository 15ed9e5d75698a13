import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A KPI evaluated for one period.
///
/// Attainment: higher-is-better = actual ÷ target × 100, lower-is-better = target ÷ actual × 100,
/// reported capped at the KPI's `cap` (default 100 %) beside the uncapped ratio. The margin is how
/// far the actual beats the target in the KPI's unit (percentage points for rates): actual − target
/// when higher is better, target − actual when lower is better; negative when the target is missed.
///
/// A KPI derived from a period in progress is **provisional**: its value is to date, and its status
/// `on-track` or `behind`, never `met`. One derived from sides that are not comparable is `n/a`.
public struct KPIResult: Sendable, Equatable, Encodable {
    public var id: String
    public var name: LocalizedName
    public var period: String
    public var unit: String
    public var target: Double
    public var actual: Double?
    public var attainmentPercent: Double?
    public var attainmentUncappedPercent: Double?
    public var margin: Double?
    public var direction: KPIDirection
    public var status: KPIStatus
    /// Why the status is n/a.
    public var reason: Phrase?
    /// `entered` (by `kpi set`) or `derived` (from a comparison).
    public var source: String?
    public var enteredBy: String?
    /// Derived from a period in progress: a value to date.
    public var provisional: Bool
    public var warnings: [Phrase]
    /// The building whose figures these are (a building's KPI, or a deployment's KPI evaluated for
    /// one building); nil: the whole deployment's.
    public var site: String?

    public func displayName(_ language: Language) -> String { name.text(language) ?? id }

    enum CodingKeys: String, CodingKey {
        case id, name, period, unit, target, actual, margin, direction, status, reason, source, warnings, provisional, site
        case attainmentPercent = "attainment_percent", attainmentUncappedPercent = "attainment_uncapped_percent", enteredBy = "entered_by"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(site, forKey: .site)
        try c.encode(displayName(encoder.userInfo[.language] as? Language ?? .en), forKey: .name)
        try c.encode(period, forKey: .period)
        try c.encode(unit, forKey: .unit)
        try c.encode(target, forKey: .target)
        try c.encode(actual, forKey: .actual)
        try c.encode(attainmentPercent, forKey: .attainmentPercent)
        try c.encode(attainmentUncappedPercent, forKey: .attainmentUncappedPercent)
        try c.encode(margin, forKey: .margin)
        try c.encode(direction, forKey: .direction)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(source, forKey: .source)
        try c.encode(enteredBy, forKey: .enteredBy)
        try c.encode(provisional, forKey: .provisional)
        try c.encode(warnings, forKey: .warnings)
    }
}
