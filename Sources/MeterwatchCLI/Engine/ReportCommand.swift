import ArgumentParser
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchServer

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "The council-report section: consumption by category, KPIs, carbon footprint.",
        discussion: """
            Markdown and HTML round for display (kWh and m³ to whole units, litres and percentages to 2 places, half away
            from zero); CSV carries exact values. --notes takes a YAML file of explanations per category, e.g.
            fuel: { zh-TW: 因公務出差次數增加, en: More official trips }
            A period still running is reported to date against the same dates of the baseline; --complete-months cuts it
            at the start of the current month instead.
            When outdoor temperatures are stored (`meterwatch import temperature`), electricity and water rows add a
            weather-adjusted change: metered − the baseline model's prediction for this period's weather (CalTRACK daily,
            see `meterwatch savings`), ± its uncertainty at 90 % confidence. The model is fitted on --weather-baseline,
            by default the comparison's baseline period when it spans a year, else the 365 days ending with it.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, csv, html
    }

    @OptionGroup var site: SiteOptions
    @OptionGroup var periods: PeriodOptions
    @Option(help: "Language of the report.") var lang: Language = .zhTW
    @Option(help: "Output format.") var format: Format = .md
    @Option(help: "YAML file with an explanation per category.") var notes: String?
    @Option(name: .customLong("weather-baseline"), help: "Period the weather model is fitted on.") var weatherBaseline: String?
    @Flag(name: .customLong("complete-months"), help: "Report a period in progress through its last complete month.") var completeMonths =
        false

    func run() throws {
        let site = try self.site.open()
        var modelBaseline: Period?
        if let weatherBaseline {
            do { modelBaseline = try Period.parse(weatherBaseline) } catch {
                throw CLIError.badOption("--weather-baseline", error.description)
            }
        }
        let report = try ReportBuilder(engine: site.engine()).build(
            period: try periods.parsedPeriod(), against: try periods.parsedBaseline(), language: lang,
            notes: try notes.map { try ReportNotes.load(path: $0) } ?? ReportNotes(), weatherBaseline: modelBaseline,
            completeMonthsOnly: completeMonths)
        switch format {
        case .md: print(ReportRenderer.markdown(report), terminator: "")
        case .csv: print(ReportRenderer.csv(report), terminator: "")
        case .html:
            let dashboards = try DashboardSet.load(directory: site.config.server.dashboardsDirectory, meters: site.config.meters)
            print(try dashboards.reportDocument(report), terminator: "")
        }
    }
}
