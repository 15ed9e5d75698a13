import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

struct KPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi", abstract: "KPI targets and attainment.", subcommands: [List.self, Set.self, Evaluate.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "KPIs of the configuration and the actual values entered.")
        @OptionGroup var site: SiteOptions
        @Option(help: "table or json") var format: OutputFormat = .table
        @Option(help: "en or zh-TW") var lang: Language = .en
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let actuals = try store.kpiActuals()
            if format == .json { print(try actuals.jsonString()); return }
            print(renderTable(["id", "name", "target", "direction", "actual from"],
                              config.kpis.map { k in
                                  [k.id, k.displayName(lang), "\(DisplayFormat.asWritten(k.target))\(k.unit == "%" ? "%" : " " + k.unit)", k.direction.rawValue,
                                   k.derive.map { "\($0.value.rawValue) of \($0.selection) vs \($0.against)" } ?? "entered"]
                              }))
            if !actuals.isEmpty {
                print("\nentered values:")
                print(renderTable(["kpi", "period", "actual", "by", "at", "note"],
                                  actuals.map { [$0.kpi, $0.period, DisplayFormat.asWritten($0.actual), $0.enteredBy, store.calendar.isoString($0.enteredAtMs), $0.note ?? ""] }))
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enter a KPI's actual value for a period (kept with who and when).")
        @OptionGroup var site: SiteOptions
        @Argument(help: "KPI id.") var id: String
        @Option(help: "The period.") var period: String
        @Option(help: "The achieved value.") var actual: Double
        @Option(help: "Who enters it (default: $USER).") var by: String?
        @Option(help: "A note.") var note: String?
        func run() throws {
            let config = try site.loadConfig()
            guard config.kpis.contains(where: { $0.id == id }) else {
                throw CLIError("unknown KPI '\(id)' (configured: \(config.kpis.map(\.id).joined(separator: ", ")))")
            }
            guard actual.isFinite else { throw CLIError("--actual must be a number") }
            let store = try site.openStore(config)
            let p = try Period.parse(period)
            let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            try store.setKPIActual(KPIActual(kpi: id, period: p.id, actual: actual, enteredBy: who, enteredAtMs: Int64(Date().timeIntervalSince1970 * 1000), note: note))
            print("\(id) \(p.id): actual \(DisplayFormat.asWritten(actual)) entered by \(who)")
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Target, actual, attainment (capped and uncapped) and margin of every KPI.")
        @OptionGroup var site: SiteOptions
        @Option(help: "The period.") var period: String
        @Option(help: "table or json") var format: OutputFormat = .table
        @Option(help: "en or zh-TW") var lang: Language = .en
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let results = try KPIEvaluator(engine: ComparisonEngine(config: config, store: store)).evaluate(period: try Period.parse(period), language: lang)
            if format == .json { print(try results.jsonString()); return }
            func v(_ x: Double?, _ unit: String) -> String { x.map { DisplayFormat.asWritten($0) + (unit == "%" ? "%" : unit.isEmpty ? "" : " \(unit)") } ?? "n/a" }
            print(renderTable(["kpi", "period", "target", "actual", "attainment", "uncapped", "margin", "status"],
                              results.map { r in
                                  [r.name, r.period, v(r.target, r.unit), v(r.actual, r.unit), r.attainmentPercent.map { DisplayFormat.number($0, decimals: 2) + "%" } ?? "n/a",
                                   r.attainmentUncappedPercent.map { DisplayFormat.number($0, decimals: 2) + "%" } ?? "n/a",
                                   r.margin.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + (r.unit == "%" ? " pp" : " \(r.unit)") } ?? "n/a", r.status]
                              }, rightAligned: [2, 3, 4, 5, 6]))
            for r in results { if let reason = r.reason { print("\(r.id): \(reason)") }; for w in r.warnings { print("\(r.id): warning: \(w)") } }
        }
    }
}
