import MeterwatchCore

/// A day's consumption against the median of the same weekday over the last `weeks` weeks.
public struct DailyUseCondition: AlertCondition {
    /// The consumption quantity watched; nil: the meter's main quantity.
    public var quantity: Quantity?
    public var weeks: Int
    public var minWeeks: Int
    /// Above `factor` × the median…
    public var factor: Double?
    /// …or above the median + `madK` × the median absolute deviation…
    public var madK: Double?
    /// …and always by at least this much.
    public var minExcess: Double

    public init(
        quantity: Quantity? = nil, weeks: Int = 8, minWeeks: Int = 4, factor: Double? = 1.5, madK: Double? = nil, minExcess: Double = 0
    ) {
        self.quantity = quantity
        self.weeks = weeks
        self.minWeeks = minWeeks
        self.factor = factor
        self.madK = madK
        self.minExcess = minExcess
    }

    public static let typeName = "daily_use_anomaly"
    public static let keys: Set<String> = ["quantity", "weeks", "min_weeks", "factor", "mad_k", "min_excess"]
    public static let watches = "water and electricity meters"
    public static func applies(to meter: MeterConfig) -> Bool { meter.category == .water || meter.category == .electricity }

    public init(_ r: RuleReader) throws(ConfigError) {
        if let q = r["quantity"] {
            let name = try q.nonEmptyString()
            guard let c = Quantity(name).canonical, c.kind == .counter || c.kind == .intervalTotal else {
                throw q.error("'\(name)' is not a consumption quantity (a counter such as energy_import or volume)")
            }
            quantity = Quantity(name)
        }
        let factor = try r.number("factor", above: 1, message: "must be above 1 (1.5 = 50 % above the baseline)")
        madK = try r.number("mad_k", above: 0, message: "must be positive")
        weeks = try r.count("weeks", default: 8, range: 2...52)
        minWeeks = try r.count("min_weeks", default: min(4, weeks), range: 2...weeks)
        self.factor = factor ?? (madK == nil ? 1.5 : nil)
        minExcess = try r["min_excess"]?.double() ?? 0
    }

    public var summary: String {
        var parts = ["day's \(quantity?.name ?? "main quantity") vs median of same weekday, last \(weeks) weeks (≥ \(minWeeks))"]
        if let factor { parts.append("> ×\(SummaryFormat.n(factor))") }
        if let madK { parts.append("> median + \(SummaryFormat.n(madK))·MAD") }
        if minExcess > 0 { parts.append("by ≥ \(SummaryFormat.n(minExcess))") }
        return parts.joined(separator: ", ")
    }
}
