import MeterwatchCore

/// One category row of the council report (of the whole, or of one building).
public struct ReportRow: Sendable, Encodable {
    public var category: MeterCategory
    /// The building whose figures these are (the report's per-building rows); nil: the report's own.
    public var site: String?
    /// That building's name in the report's language.
    public var building: String?
    public var unit: String
    public var current: Double
    public var baseline: Double
    /// nil when the sides are not comparable (see `reason`).
    public var change: Double?
    public var changePercent: Double?
    public var note: String?
    public var currentCoverage: Double
    public var baselineCoverage: Double
    public var basis: ComparisonBasis
    /// With basis `common_days`: the days both sides cover.
    public var comparedDays: Int?
    public var reason: Phrase?
    public var warnings: [Phrase]
    /// The weather-adjusted change beside the raw one; nil when no temperatures are stored or the
    /// category is not weather-driven (fuel, UPS, storage).
    public var weatherAdjusted: WeatherAdjustedChange?

    enum CodingKeys: String, CodingKey {
        case category, item, unit, current, baseline, change, note, warnings, basis, reason, site, building
        case changePercent = "change_percent", currentCoverage = "current_coverage", baselineCoverage = "baseline_coverage"
        case comparedDays = "compared_days", weatherAdjusted = "weather_adjusted"
    }

    public func encode(to encoder: any Encoder) throws {
        let language = encoder.userInfo[.language] as? Language ?? .en
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(site, forKey: .site)
        try c.encodeIfPresent(building, forKey: .building)
        try c.encode(category.rawValue, forKey: .category)
        try c.encode(Phrase.reportItem(category).text(language), forKey: .item)
        try c.encode(DisplayUnits.name(unit, language), forKey: .unit)
        try c.encode(current, forKey: .current)
        try c.encode(baseline, forKey: .baseline)
        try c.encode(change, forKey: .change)
        try c.encode(changePercent, forKey: .changePercent)
        try c.encode(note, forKey: .note)
        try c.encode(currentCoverage, forKey: .currentCoverage)
        try c.encode(baselineCoverage, forKey: .baselineCoverage)
        try c.encode(basis, forKey: .basis)
        try c.encodeIfPresent(comparedDays, forKey: .comparedDays)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encode(warnings, forKey: .warnings)
        try c.encodeIfPresent(weatherAdjusted, forKey: .weatherAdjusted)
    }
}
