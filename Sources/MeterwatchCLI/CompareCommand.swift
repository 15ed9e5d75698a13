import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// `--meter | --tag | --category | --vehicle`, exactly one.
struct SelectionOptions: ParsableArguments {
    @Option(help: "A meter id.") var meter: String?
    @Option(help: "All meters with this tag.") var tag: String?
    @Option(help: "A category's site total: electricity, water, fuel, ups, storage, temperature.") var category: String?
    @Option(help: "One vehicle of the fuel log (plate).") var vehicle: String?

    func selection() throws -> Selection {
        let given = [meter.map(Selection.meter), tag.map(Selection.tag), vehicle.map { Selection.vehicle($0.uppercased()) },
                     try category.map { text -> Selection in
                         guard let c = MeterCategory(rawValue: text) else { throw CLIError("unknown category '\(text)' (\(MeterCategory.allCases.map(\.rawValue).joined(separator: ", ")))") }
                         return .category(c)
                     }].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give exactly one of --meter, --tag, --category, --vehicle") }
        return given[0]
    }
}

extension Language: ExpressibleByArgument {}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Consumption over a period against last year, the previous period or another period.",
        discussion: """
            Periods: 2019, 2019H2, 2019Q3, 2019-07, 2019-W27, 2019-07-01, 2019-07-01..2019-12-31 (inclusive), roc:108H2.
            JSON and CSV values are exact; tables round percentages to 2 decimals (half away from zero) and group thousands.
            """)
    @OptionGroup var site: SiteOptions
    @OptionGroup var select: SelectionOptions
    @Option(help: "The period.") var period: String
    @Option(help: "previous-year (default), previous-period, or a period.") var against: String = "previous-year"
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @Option(help: "en or zh-TW") var lang: Language = .en

    func run() throws {
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let engine = ComparisonEngine(config: config, store: store)
        let c = try engine.compare(try select.selection(), period: try Period.parse(period), against: try Baseline.parse(against), language: lang)
        switch format {
        case .json: print(try c.jsonString())
        case .csv:
            print("side,period,start,end,value,unit,days,coverage")
            for (name, s) in [("current", c.current), ("baseline", c.baseline)] {
                print([name, s.period, s.start, s.end, "\(s.value)", s.unit, "\(s.days)", "\(s.coverage)"].map(csvField).joined(separator: ","))
            }
            print(["change", "", "", "", "\(c.change.absolute)", c.current.unit, "", c.change.percent.map { "\($0)" } ?? ""].map(csvField).joined(separator: ","))
        case .table:
            let zh = lang == .zhTW
            let decimals = c.current.unit == "L" ? 2 : 0
            func v(_ x: Double, plus: Bool = false) -> String { DisplayFormat.number(x, decimals: decimals, explicitPlus: plus) }
            let unitName = DisplayUnits.name(c.current.unit, lang)
            let rows = [[zh ? "本期" : "current", c.current.label, v(c.current.value), unitName, "\(c.current.days)", DisplayFormat.number(c.current.coverage * 100, decimals: 1) + " %"],
                        [zh ? "比較期" : "baseline", c.baseline.label, v(c.baseline.value), unitName, "\(c.baseline.days)", DisplayFormat.number(c.baseline.coverage * 100, decimals: 1) + " %"]]
            print(renderTable(zh ? ["", "期間", "數值", "單位", "天數", "資料涵蓋率"] : ["", "period", "value", "unit", "days", "coverage"], rows, rightAligned: [2, 4, 5]))
            let pct = c.change.percent.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + " %" } ?? "n/a"
            let perDay = c.change.perDay.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) } ?? "n/a"
            print("\n\(zh ? "增減" : "change"): \(v(c.change.absolute, plus: true)) \(unitName), \(pct); \(zh ? "日平均增減" : "per day"): \(perDay) \(unitName)")
            for w in c.warnings { print("\(zh ? "注意" : "warning"): \(w)") }
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The council-report section: consumption by category, KPIs, carbon footprint.",
        discussion: """
            Markdown and HTML round for display (kWh and m³ to whole units, litres and percentages to 2 places, half away
            from zero); CSV carries exact values. --notes takes a YAML file of explanations per category, e.g.
            fuel: { zh-TW: 因公務出差次數增加, en: More official trips }
            When outdoor temperatures are stored (`meterwatch import temperature`), electricity and water rows add a
            weather-adjusted change: metered − the baseline model's prediction for this period's weather (CalTRACK daily,
            see `meterwatch savings`), ± its uncertainty at 90 % confidence. The model is fitted on --weather-baseline,
            by default the comparison's baseline period when it spans a year, else the 365 days ending with it.
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "The period.") var period: String
    @Option(help: "previous-year (default), previous-period, or a period.") var against: String = "previous-year"
    @Option(help: "zh-TW or en") var lang: Language = .zhTW
    @Option(help: "md, csv or html") var format: String = "md"
    @Option(help: "YAML file with an explanation per category.") var notes: String?
    @Option(name: .customLong("weather-baseline"), help: "Period the weather model is fitted on (default: the baseline period when it spans a year, else the 365 days ending with it).") var weatherBaseline: String?

    func run() throws {
        guard let f = ReportRenderer.Format(rawValue: format) else { throw CLIError("unknown format '\(format)' (md, csv, html)") }
        let config = try site.loadConfig()
        let store = try site.openStore(config)
        let engine = ComparisonEngine(config: config, store: store)
        let report = try ReportBuilder(engine: engine).build(period: try Period.parse(period), against: try Baseline.parse(against), language: lang,
                                                             notes: try notes.map { try ReportNotes.load(path: $0) } ?? ReportNotes(),
                                                             weatherBaseline: try weatherBaseline.map { try Period.parse($0) })
        print(ReportRenderer.render(report, format: f), terminator: "")
    }
}
