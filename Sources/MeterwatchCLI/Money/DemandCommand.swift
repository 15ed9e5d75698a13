import ArgumentParser
import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

struct DemandCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demand",
        abstract: "A billed meter's 15-minute demand: each period's maximum, the highest quarter hours, the load-duration curve.",
        discussion: """
            Demand is each quarter hour's energy × 4 (kW), on :00, :15, :30 and :45, from the meter's energy counter (or its power
            gauge). The highest quarter hours list the sub-meters (billing.submeters, or the building's other electricity
            meters) that made them. Readings further apart than 15 minutes are refused. --format csv gives the load-duration
            curve (every measured quarter, highest first).
            """)
    @OptionGroup var site: SiteOptions
    @OptionGroup var options: BillingPeriodOptions
    @Option(help: "How many of the highest quarter hours.") var top: Int = 10
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table
    @Option(help: "Language of labels.") var lang: Language = .en

    func run() throws {
        guard (1...1000).contains(top) else { throw CLIError.badOption("--top", "1…1000") }
        let site = try self.site.open()
        let engine = BillingEngine(setup: try BillingSetup(config: site.config), store: try site.readings())
        let (from, to) = try options.days(today: site.calendar.civilDate(at: SystemClock().nowMs()))
        let report = try engine.demand(meter: options.meter, from: from, to: to, top: top)
        switch format {
        case .json: print(try JSONOutput.text(report, language: lang))
        case .csv: print((["rank,kw"] + report.loadDuration.enumerated().map { "\($0.offset + 1),\($0.element)" }).joined(separator: "\n"))
        case .table:
            var out: [String] = []
            var rows: [[String]] = []
            for period in TOUPeriod.allCases {
                guard let d = report.bill.maxDemand(period) else { continue }
                rows.append([
                    Phrase.touPeriod(period.rawValue).text(lang), DisplayFormat.number(d.kW, decimals: 1), site.calendar.isoString(d.at),
                    report.allowance[period].map { DisplayFormat.number(Double($0), decimals: 0) } ?? "",
                ])
            }
            out.append(Phrase.maxDemand.text(lang))
            out.append(TextTable(["", "kW", "", Phrase.contractCapacity.text(lang) + " kW"], rows, rightAligned: [1, 3]).text)
            out.append("\n" + Phrase.topQuarters.text(lang))
            let subs = Array(Set(report.top.flatMap { $0.submeters.keys })).sorted()
            out.append(
                TextTable(
                    ["", "", "kW"] + subs + [Phrase.otherLoad.text(lang)],
                    report.top.map { q in
                        [
                            site.calendar.isoString(q.start), Phrase.touPeriod(q.period.rawValue).text(lang),
                            DisplayFormat.number(q.kW, decimals: 1),
                        ]
                            + subs.map { q.submeters[$0].map { DisplayFormat.number($0, decimals: 1) } ?? "" }
                            + [DisplayFormat.number(q.otherKW, decimals: 1)]
                    }, rightAligned: Set(2..<(4 + subs.count))
                ).text)
            if !report.bill.isComplete { out.append(Phrase.billIncomplete(coverage: report.bill.coverage).text(lang)) }
            print(out.joined(separator: "\n"))
        }
    }
}
