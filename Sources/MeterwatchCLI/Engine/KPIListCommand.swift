import ArgumentParser
import MeterwatchCore

struct KPIListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "KPIs of the configuration and the actual values entered.")
    @OptionGroup var site: SiteOptions
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of names.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let actuals = try site.readings().kpiActuals()
        if format == .json {
            print(try JSONOutput.text(actuals))
            return
        }
        let rows = site.config.kpis.map { k in
            [
                k.id, k.displayName(lang), DisplayFormat.asWritten(k.target) + (k.unit == "%" ? "%" : " " + k.unit), k.direction.rawValue,
                k.derive.map { "\($0.value.rawValue) of \($0.selection) vs \($0.against)" } ?? "entered",
            ]
        }
        print(TextTable(["id", "name", "target", "direction", "actual from"], rows).text)
        guard !actuals.isEmpty else {
            return
        }
        print("\nentered values:")
        let entered = actuals.map {
            [$0.kpi, $0.period, DisplayFormat.asWritten($0.actual), $0.enteredBy, site.calendar.isoString($0.enteredAtMs), $0.note ?? ""]
        }
        print(TextTable(["kpi", "period", "actual", "by", "at", "note"], entered).text)
    }
}
