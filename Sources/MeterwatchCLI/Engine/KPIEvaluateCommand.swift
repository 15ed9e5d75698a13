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
    @Flag(help: "With sites: in the configuration, also each building's row of every KPI it applies to.") var bySite = false

    func run() throws {
        let site = try self.site.open()
        let parsed: Period
        do { parsed = try Period.parse(period) } catch { throw CLIError.badOption("--period", error.description) }
        let evaluator = KPIEvaluator(engine: try site.engine())
        let results = try bySite ? evaluator.evaluateByBuilding(period: parsed) : evaluator.evaluate(period: parsed)
        let buildings = site.config.buildings
        let showSite = results.contains { $0.site != nil } && site.config.scope == nil
        if format == .json {
            print(try JSONOutput.text(results, language: lang))
            return
        }
        let na = Phrase.notApplicable.text(lang)
        func value(_ x: Double?, _ unit: String) -> String {
            x.map { DisplayFormat.asWritten($0) + (unit == "%" ? "%" : unit.isEmpty ? "" : " \(unit)") } ?? na
        }
        func percent(_ x: Double?) -> String { x.map { DisplayFormat.number($0, decimals: 2) + "%" } ?? na }
        func building(_ r: KPIResult) -> [String] {
            guard showSite else { return [] }
            guard let id = r.site else { return [Phrase.allBuildings.text(lang)] }
            return [buildings.first { $0.id == id }?.displayName(lang) ?? id]
        }
        let rows = results.map { r in
            let figures = [
                r.period, value(r.target, r.unit), value(r.actual, r.unit), percent(r.attainmentPercent),
                percent(r.attainmentUncappedPercent),
                r.margin.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + (r.unit == "%" ? " pp" : " \(r.unit)") } ?? na,
                Phrase.kpiStatus(r.status).text(lang),
            ]
            return [r.displayName(lang)] + building(r) + figures
        }
        let header: [Phrase] =
            [.kpi] + (showSite ? [.building] : []) + [.period, .target, .actual, .attainment, .uncapped, .margin, .status]
        let shift = showSite ? 1 : 0
        print(TextTable(header.map { $0.text(lang) }, rows, rightAligned: Set([2, 3, 4, 5, 6].map { $0 + shift })).text)
        for r in results {
            let name = r.id + (showSite ? r.site.map { "@\($0)" } ?? "" : "")
            if let reason = r.reason {
                print("\(name): \(reason.text(lang))")
            }
            for warning in r.warnings {
                print("\(name): \(Phrase.warning.text(lang)): \(warning.text(lang))")
            }
        }
    }
}
