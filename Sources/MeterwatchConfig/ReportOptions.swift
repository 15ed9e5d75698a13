import MeterwatchCore

/// Options of the council report and comparisons.
public struct ReportOptions: Hashable, Sendable {
    /// Warn when the two sides' coverage differs by more than this (0.02 = 2 percentage points).
    public var coverageWarningThreshold: Double = 0.02
    /// Categories shown in the report, in order.
    public var categories: [MeterCategory] = [.electricity, .water, .fuel]
    /// Meters that make up the site total per category; default: the category's meters tagged `main`
    /// (or all of its meters when none is tagged).
    public var siteMeters: [MeterCategory: [String]] = [:]
    public var emissionFactors: [EmissionFactor] = EmissionFactor.taiwan
    /// A period in progress is compared up to where its data ends; a series silent for longer than
    /// this is late instead (named, its gap counted as missing coverage), so that one dead meter
    /// does not hold a building's figures at last week. Two days: a utility portal's daily download
    /// gives yesterday's data during today.
    public var dataLagMs: Int64 = 2 * msPerDay
    public init() {}

    static func parse(_ r: YAMLReader) throws(ConfigError) -> ReportOptions {
        var o = ReportOptions()
        let m = try r.mapping(allowed: ["coverage_warning", "categories", "site_meters", "emission_factors", "data_lag"])
        if let v = m["coverage_warning"] {
            o.coverageWarningThreshold = try v.double()
            guard (0...1).contains(o.coverageWarningThreshold) else { throw v.error("expected a share between 0 and 1 (0.02 = 2 points)") }
        }
        if let v = m["data_lag"] {
            o.dataLagMs = try v.durationMs()
            guard (15 * msPerMinute...90 * msPerDay).contains(o.dataLagMs) else { throw v.error("expected a lag between 15m and 90d") }
        }
        if let v = m["categories"] {
            o.categories = []
            for c in try v.sequence() {
                let t = try c.string()
                guard let cat = MeterCategory(rawValue: t) else { throw c.error("unknown category '\(t)'") }
                o.categories.append(cat)
            }
        }
        if let v = m["site_meters"] {
            for (k, list) in try v.mapping(allowed: Set(MeterCategory.allCases.map(\.rawValue))) {
                o.siteMeters[MeterCategory(rawValue: k)!] = try list.stringList()
            }
        }
        if let v = m["emission_factors"] {
            for f in try v.sequence() {
                let fm = try f.mapping(allowed: ["year", "factor", "source"])
                guard let y = fm["year"], let fac = fm["factor"], let src = fm["source"] else {
                    throw f.error("each factor needs year, factor (kgCO2e/kWh) and source")
                }
                let factor = EmissionFactor(year: try y.int(), kgCO2ePerKWh: try fac.double(), source: try src.nonEmptyString())
                o.emissionFactors.removeAll { $0.year == factor.year }
                o.emissionFactors.append(factor)
            }
            o.emissionFactors.sort { $0.year < $1.year }
        }
        return o
    }
}
