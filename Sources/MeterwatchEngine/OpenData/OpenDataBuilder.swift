import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Builds the published dataset from the store, as `open_data:` chooses it.
///
/// ```swift
/// let dataset = try OpenDataBuilder(config: config, store: store, now: clock.nowMs()).dataset()
/// dataset.rows.first?["ElectricityConsumption"]   // .number(1_866_400) — the month's kWh, exact
/// ```
/// Each building and month is its portfolio row for that month against the same month of last
/// year: the same figures `compare --site B --period 2026-07` and `portfolio --period 2026-07` give.
/// Only the chosen buildings' meters are read, so nothing of another building reaches a file.
public struct OpenDataBuilder: Sendable {
    public let config: SiteConfig
    public let store: any ReadingStore
    public var now: Int64

    public init(config: SiteConfig, store: any ReadingStore, now: Int64) {
        self.config = config
        self.store = store
        self.now = now
    }

    public func dataset() throws -> OpenDataset {
        guard let publication = config.openData else { throw EngineError.nothingPublished }
        let chosen = publication.buildings.compactMap { config.building(id: $0) }
        var published = config
        published.buildings = chosen
        published.meters = config.meters.filter { meter in chosen.contains { $0.id == meter.site } }
        published.kpis = []
        published.scope = nil
        let months = months(publication)
        let fields = OpenDataField.fields(for: publication.categories)
        var rows: [OpenDataRow] = []
        var engines: [MeterCategory: ComparisonEngine] = [:]
        for month in months {
            let period = Period(kind: .month, start: month, end: month.adding(months: 1))
            var monthRows = chosen.map { building in
                var row = OpenDataRow()
                row["StatisticsYear"] = .integer(month.year)
                row["StatisticsYearROC"] = .integer(month.rocYear)
                row["StatisticsMonth"] = .integer(month.month)
                row["BuildingID"] = .text(building.id)
                row["BuildingName"] = .text(building.name.text(.zhTW) ?? building.id)
                row["BuildingNameEnglish"] = .text(building.name.text(.en) ?? building.id)
                row["FloorArea"] = building.floorAreaM2.map(OpenDataValue.number) ?? .empty
                return row
            }
            for category in publication.categories {
                let prefix = OpenDataField.categoryFields(category)[0].name.replacingOccurrences(of: "Consumption", with: "")
                for (building, row) in try figures(category, period: period, config: published, engines: &engines) {
                    guard let i = chosen.firstIndex(where: { $0.id == building }) else { continue }
                    let comparison = row.comparison
                    let coverage = comparison?.current.coverage ?? 0
                    let published = coverage >= publication.minimumCoverage
                    monthRows[i]["\(prefix)Coverage"] = .number(coverage)
                    monthRows[i]["\(prefix)Consumption"] = published ? comparison.map { .number($0.current.value) } ?? .empty : .empty
                    let percent = published ? comparison?.change?.percent : nil
                    monthRows[i]["\(prefix)ChangeRate"] = percent.map(OpenDataValue.number) ?? .empty
                    if category == .electricity {
                        monthRows[i]["EnergyUseIntensity"] = row.intensity.map(OpenDataValue.number) ?? .empty
                    }
                }
            }
            rows += monthRows
        }
        return OpenDataset(publication: publication, fields: fields, rows: rows, months: months, siteName: config.site.name)
    }

    /// Each chosen building's row for `period`: electricity from the portfolio (its intensity needs
    /// the trailing twelve months), water and fuel from the same comparison the portfolio makes for a
    /// row, without the twelve months nobody publishes for them. `engines` keeps one engine per
    /// category across the months, so each category's series are resolved once.
    func figures(
        _ category: MeterCategory, period: Period, config: SiteConfig, engines: inout [MeterCategory: ComparisonEngine]
    ) throws -> [(String, PortfolioRow)] {
        if category == .electricity {
            let portfolio = try PortfolioEngine(config: config, store: store, now: now).portfolio(
                category, period: period, against: .previousYear)
            return portfolio.rows.compactMap { row in row.building.map { ($0.id, row) } }
        }
        let whole: ComparisonEngine
        if let engine = engines[category] {
            whole = engine
        } else {
            let meters = Set(config.meters.filter { $0.category == category }.map(\.id))
            whole = try ComparisonEngine(config: config, store: store, now: now).forManySelections { info in
                meters.contains(info.key.meter) || (category == .fuel && info.key.meter.hasPrefix("vehicle:"))
            }
            engines[category] = whole
        }
        return try config.buildings.compactMap { building in
            guard let scoped = config.scoped(to: building.id) else { return nil }
            let engine = whole.narrowed(to: scoped)
            var row = PortfolioRow(building: building, floorAreaM2: building.floorAreaM2)
            if !(try engine.siteMeters(category)).isEmpty {
                row.comparison = try engine.compare(.category(category), period: period, against: .previousYear)
            }
            return (building.id, row)
        }
    }

    /// From `from` through `through` or the last complete month, whichever is earlier.
    func months(_ publication: OpenDataConfig) -> [CivilDate] {
        let today = store.calendar.civilDate(at: now)
        let lastComplete = CivilDate(year: today.year, month: today.month, day: 1).adding(months: -1)
        let last = min(publication.through ?? lastComplete, lastComplete)
        var months: [CivilDate] = []
        var month = publication.from
        while month <= last && months.count < OpenDataConfig.maximumMonths {
            months.append(month)
            month = month.adding(months: 1)
        }
        // Without a fixed end, the most recent months are kept.
        if publication.through == nil, let newest = months.last, newest < last {
            months = (0..<OpenDataConfig.maximumMonths).reversed().map { last.adding(months: -$0) }
        }
        return months
    }
}
