import ArgumentParser
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

struct PortfolioCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolio", abstract: "Every building of sites: side by side: the period against its baseline, and use per m².",
        discussion: """
            Each building is compared as `meterwatch compare --site ID --category …` would (a period still running to date).
            The intensity (EUI for electricity, kWh per m² per year) is the use of the last twelve complete months divided by
            the building's floor_area_m2, against the twelve months before. Buildings are ranked by intensity (1 = lowest)
            and by change (1 = largest reduction). JSON and CSV values are exact.
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "The period (default: this year, to date); as for compare.") var period: String?
    @Option(help: "previous-year (default), previous-period, or a period.") var against: String = "previous-year"
    @Option(help: "What to compare: electricity (default), water, fuel…") var category: MeterCategory = .electricity
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table
    @Option(help: "Language of labels and notes.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let now = SystemClock().nowMs()
        let portfolio = try PortfolioEngine(config: site.config, store: try site.readings(), now: now).portfolio(
            category, period: try PeriodOptions.period(period ?? "\(site.calendar.civilDate(at: now).year)"),
            against: try PeriodOptions.baseline(against))
        switch format {
        case .json: print(try JSONOutput.text(portfolio, language: lang))
        case .csv: print(Self.csv(portfolio, lang))
        case .table: print(Self.table(portfolio, lang))
        }
    }

    static func csv(_ p: Portfolio, _ lang: Language) -> String {
        var lines = [
            "site,name,floor_area_m2,period,value,baseline_period,baseline_value,unit,change,change_percent,basis,intensity,"
                + "baseline_intensity,intensity_change_percent,rank_by_intensity,rank_by_change"
        ]
        for row in p.rows + [p.total] {
            let c = row.comparison
            let fields: [String?] = [
                row.building?.id ?? "total", row.building?.displayName(lang) ?? Phrase.allBuildings.text(lang),
                row.floorAreaM2.map { "\($0)" }, c?.current.period.id, c.map { "\($0.current.value)" }, c?.baseline.period.id,
                c.map { "\($0.baseline.value)" }, p.unit, c?.change.map { "\($0.absolute)" }, c?.change?.percent.map { "\($0)" },
                c?.basis.rawValue, row.intensity.map { "\($0)" }, row.baselineIntensity.map { "\($0)" },
                row.intensityChangePercent.map { "\($0)" }, row.rankByIntensity.map { "\($0)" }, row.rankByChange.map { "\($0)" },
            ]
            lines.append(CSVLine.of(fields.map { $0 ?? "" }))
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ p: Portfolio, _ lang: Language) -> String {
        let decimals = DisplayUnits.decimals(p.unit)
        let na = Phrase.notApplicable.text(lang)
        func value(_ x: Double?) -> String { x.map { DisplayFormat.number($0, decimals: decimals) } ?? na }
        func percent(_ x: Double?) -> String { x.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + " %" } ?? na }
        func cells(_ row: PortfolioRow) -> [String] {
            [
                row.rankByIntensity.map { "\($0)" } ?? "", row.building?.displayName(lang) ?? Phrase.total.text(lang),
                row.floorAreaM2.map { DisplayFormat.number($0, decimals: 0) } ?? na, value(row.comparison?.current.value),
                value(row.comparison?.baseline.value), percent(row.comparison?.change?.percent),
                row.intensity.map { DisplayFormat.number($0, decimals: 1) } ?? na, percent(row.intensityChangePercent),
                row.rankByChange.map { "\($0)" } ?? "",
            ]
        }
        let unit = DisplayUnits.name(p.unit, lang)
        let header = [
            Phrase.rankByIntensity.text(lang), Phrase.building.text(lang), Phrase.floorArea.text(lang),
            "\(Phrase.thisPeriod.text(lang)), \(unit)", "\(Phrase.baseline.text(lang)), \(unit)", Phrase.change.text(lang),
            Phrase.intensity(p.category).text(lang), Phrase.intensityChange.text(lang), Phrase.rankByChange.text(lang),
        ]
        let rows = p.rankedByIntensity.map(cells) + [cells(p.total)]
        var lines: [String] = []
        if let line = p.periodLine(lang) {
            lines.append(line)
        }
        lines.append(p.intensityWindow.text(lang))
        lines.append("")
        lines.append(TextTable(header, rows, rightAligned: [0, 2, 3, 4, 5, 6, 7, 8]).text)
        lines.append("")
        lines.append(Phrase.intensityNote.text(lang))
        return lines.joined(separator: "\n")
    }
}
