import ArgumentParser
import MeterwatchCore
import MeterwatchEngine

struct KPIEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate", abstract: "Target, actual, attainment (capped and uncapped) and margin of every KPI.",
        discussion: "A period still running gives provisional statuses from its values to date: on track or behind.")
    @OptionGroup var site: SiteOptions
    @Option(help: "The period.") var period: String
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of names, statuses and notes.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let parsed: Period
        do { parsed = try Period.parse(period) } catch { throw CLIError.badOption("--period", error.description) }
        let results = try KPIEvaluator(engine: site.engine()).evaluate(period: parsed)
        if format == .json {
            print(try JSONOutput.text(results, language: lang))
            return
        }
        let na = Phrase.notApplicable.text(lang)
        func value(_ x: Double?, _ unit: String) -> String {
            x.map { DisplayFormat.asWritten($0) + (unit == "%" ? "%" : unit.isEmpty ? "" : " \(unit)") } ?? na
        }
        func percent(_ x: Double?) -> String { x.map { DisplayFormat.number($0, decimals: 2) + "%" } ?? na }
        let rows = results.map { r in
            [
                r.displayName(lang), r.period, value(r.target, r.unit), value(r.actual, r.unit), percent(r.attainmentPercent),
                percent(r.attainmentUncappedPercent),
                r.margin.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + (r.unit == "%" ? " pp" : " \(r.unit)") } ?? na,
                Phrase.kpiStatus(r.status).text(lang),
            ]
        }
        let header: [Phrase] = [.kpi, .period, .target, .actual, .attainment, .uncapped, .margin, .status]
        print(TextTable(header.map { $0.text(lang) }, rows, rightAligned: [2, 3, 4, 5, 6]).text)
        for r in results {
            if let reason = r.reason {
                print("\(r.id): \(reason.text(lang))")
            }
            for warning in r.warnings {
                print("\(r.id): \(Phrase.warning.text(lang)): \(warning.text(lang))")
            }
        }
    }
}
