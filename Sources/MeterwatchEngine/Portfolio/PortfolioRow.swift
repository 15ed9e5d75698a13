import MeterwatchConfig
import MeterwatchCore

/// One building of the portfolio, or the whole deployment (`Portfolio.total`).
public struct PortfolioRow: Sendable, Equatable, Encodable {
    /// nil for the total row.
    public var building: Building?
    /// The period against its baseline; nil when the building has no meter of the category.
    public var comparison: Comparison?
    /// The last twelve complete months against the twelve before: what the intensity is taken over.
    public var trailing: Comparison?
    /// The floor area the intensity divides by (the total: the areas of the buildings that give one).
    public var floorAreaM2: Double?
    /// Use per m² over the twelve months (kWh/m²·yr for electricity): nil without a floor area, or
    /// when the twelve months are not covered (a meter installed in spring would look frugal).
    public var intensity: Double?
    /// The same over the twelve months before, when both spans are compared whole.
    public var baselineIntensity: Double?
    /// Change of the intensity in percent: the twelve months' change (the area is the same), nil when
    /// they are not comparable.
    public var intensityChangePercent: Double?
    /// 1 = the lowest intensity of the buildings that have one.
    public var rankByIntensity: Int?
    /// 1 = the largest reduction (the most negative change in percent) of the comparable buildings.
    public var rankByChange: Int?

    enum CodingKeys: String, CodingKey {
        case site, name, comparison, trailing, intensity
        case floorArea = "floor_area_m2", baselineIntensity = "baseline_intensity"
        case intensityChange = "intensity_change_percent", rankByIntensity = "rank_by_intensity", rankByChange = "rank_by_change"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(building?.id, forKey: .site)  // null for the total
        if let building {
            try c.encode(["en": building.displayName(.en), "zh-TW": building.displayName(.zhTW)], forKey: .name)
        }
        try c.encode(floorAreaM2, forKey: .floorArea)
        try c.encode(comparison, forKey: .comparison)
        try c.encode(trailing, forKey: .trailing)
        try c.encode(intensity, forKey: .intensity)
        try c.encode(baselineIntensity, forKey: .baselineIntensity)
        try c.encode(intensityChangePercent, forKey: .intensityChange)
        try c.encode(rankByIntensity, forKey: .rankByIntensity)
        try c.encode(rankByChange, forKey: .rankByChange)
    }
}
