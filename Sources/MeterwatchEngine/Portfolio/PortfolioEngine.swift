import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// The portfolio of a deployment's buildings (`sites:`).
///
/// ```swift
/// let p = try PortfolioEngine(config: config, store: store, now: clock.nowMs())
///     .portfolio(.electricity, period: Period.parse("2026"), against: .previousYear)
/// p.rankedByIntensity.first?.building?.id   // the building using the least kWh per m² per year
/// ```
/// Each building is compared as its own scoped configuration would be (a period in progress to
/// date, gaps by common days), so a row is what `--site` answers for that building. The intensity
/// uses the last twelve complete months before the period's end (or before now), never a partial
/// year scaled up: a summer does not count for a winter.
public struct PortfolioEngine: Sendable {
    public let config: SiteConfig
    public let store: any ReadingStore
    public var now: Int64

    public init(config: SiteConfig, store: any ReadingStore, now: Int64) {
        self.config = config
        self.store = store
        self.now = now
    }

    /// Below this share of the twelve months observed, no intensity is given: the months are mostly
    /// missing (a meter installed within the year) and the figure would flatter the building. A
    /// counter's gap still counts its use (as estimated), so an outage of a few weeks keeps it.
    public static let minimumIntensityCoverage = 0.9

    public func portfolio(_ category: MeterCategory, period: Period, against: Baseline) throws -> Portfolio {
        // Every building is summed over the same ranges, from the category's series.
        let meters = Set(config.meters.filter { $0.category == category }.map(\.id))
        let whole = try ComparisonEngine(config: config, store: store, now: now).forManySelections { info in
            meters.contains(info.key.meter) || (category == .fuel && info.key.meter.hasPrefix("vehicle:"))
        }
        let trailing = trailingYear(for: period, calendar: whole.calendar)
        let trailingBaseline = trailing.previousYear().period
        var rows: [PortfolioRow] = []
        // Narrowed to one building (`site=`), the portfolio is that building's row.
        for building in config.scope.map({ [$0] }) ?? config.buildings {
            guard let scoped = config.scoped(to: building.id) else { continue }
            let engine = whole.narrowed(to: scoped)
            var row = PortfolioRow(building: building, floorAreaM2: building.floorAreaM2)
            if !(try engine.siteMeters(category)).isEmpty {
                row.comparison = try engine.compare(.category(category), period: period, against: against)
                row.trailing = try engine.compare(.category(category), period: trailing, against: .previousYear)
            }
            if let area = building.floorAreaM2, let t = row.trailing, t.current.coverage >= Self.minimumIntensityCoverage {
                row.intensity = t.current.value / area
                row.intensityChangePercent = t.change?.percent
                if t.change != nil && t.basis != .commonDays { row.baselineIntensity = t.baseline.value / area }
            }
            rows.append(row)
        }
        Self.rank(&rows)
        var total = PortfolioRow(building: nil)
        if !(try whole.siteMeters(category)).isEmpty {
            total.comparison = try whole.compare(.category(category), period: period, against: against)
            total.trailing = try whole.compare(.category(category), period: trailing, against: .previousYear)
        }
        // The total intensity counts the buildings that have one, over their own use and area; its
        // change, only when every one of them has a whole baseline.
        let measured = rows.filter { $0.intensity != nil }
        let area = measured.compactMap(\.floorAreaM2).reduce(0, +)
        if area > 0 {
            var use = CompensatedSum()
            var baseUse = CompensatedSum()
            for row in measured {
                use.add(row.trailing!.current.value)
                if row.baselineIntensity != nil { baseUse.add(row.trailing!.baseline.value) }
            }
            total.floorAreaM2 = area
            total.intensity = use.value / area
            if measured.allSatisfy({ $0.baselineIntensity != nil }) && baseUse.value != 0 {
                total.baselineIntensity = baseUse.value / area
                total.intensityChangePercent = (use.value - baseUse.value) / baseUse.value * 100
            }
        }
        let unit = category.mainQuantity.canonical?.unit ?? ""
        return Portfolio(
            category: category, unit: unit, period: period, against: against, trailing: trailing, trailingBaseline: trailingBaseline,
            rows: rows, total: total)
    }

    /// The twelve complete local months before the end of `period`, or before the current month
    /// while the period runs.
    func trailingYear(for period: Period, calendar: LocalCalendar) -> Period {
        var last = period.end
        if calendar.startOfDay(period.end) > now {
            last = calendar.civilDate(at: now)
        }
        let end = last.day == 1 ? last : CivilDate(year: last.year, month: last.month, day: 1)
        return Period(kind: .custom, start: end.adding(months: -12), end: end)
    }

    /// Ranks by intensity (lowest first) and by change in percent (largest reduction first);
    /// equal figures share a rank.
    static func rank(_ rows: inout [PortfolioRow]) {
        func assign(_ key: (PortfolioRow) -> Double?, _ set: (inout PortfolioRow, Int) -> Void) {
            let ordered = rows.indices.compactMap { i in key(rows[i]).map { (i, $0) } }.sorted { $0.1 < $1.1 }
            var rank = 0
            var previous: Double?
            for (position, (i, value)) in ordered.enumerated() {
                if value != previous { rank = position + 1 }
                previous = value
                set(&rows[i], rank)
            }
        }
        assign({ $0.intensity }) { $0.rankByIntensity = $1 }
        assign({ $0.comparison?.change?.percent }) { $0.rankByChange = $1 }
    }
}
