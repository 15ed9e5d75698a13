import ArgumentParser
import MeterwatchCore
import MeterwatchEngine

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare", abstract: "Consumption over a period against last year, the previous period or another period.",
        discussion: """
            A period still running is compared to date: both sides run to the same day and hour. When one side's data
            coverage differs much from the other's, only the days both cover are compared; with too few such days no
            change is given. JSON and CSV values are exact; tables round percentages to 2 decimals (half away from zero)
            and group thousands.
            """)
    @OptionGroup var site: SiteOptions
    @OptionGroup var select: SelectionOptions
    @OptionGroup var periods: PeriodOptions
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table
    @Option(help: "Language of labels and notes.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let comparison = try site.engine().compare(
            try select.selection(), period: try periods.parsedPeriod(), against: try periods.parsedBaseline())
        switch format {
        case .json: print(try JSONOutput.text(comparison, language: lang))
        case .csv: print(Self.csv(comparison, lang))
        case .table: print(Self.table(comparison, lang))
        }
    }

    static func csv(_ c: Comparison, _ lang: Language) -> String {
        var lines = ["side,period,label,start,end,value,unit,days,coverage,basis"]
        for (name, side) in [("current", c.current), ("baseline", c.baseline)] {
            let fields = [
                name, side.period.id, side.label.text(lang), side.start, side.end, "\(side.value)", side.unit, "\(side.days)",
                "\(side.coverage)",
            ]
            lines.append(CSVLine.of(fields + [c.basis.rawValue]))
        }
        let change = c.change
        lines.append(
            CSVLine.of([
                "change", "", "", "", "", change.map { "\($0.absolute)" } ?? "", c.current.unit, "", change?.percent.map { "\($0)" } ?? "",
                c.basis.rawValue,
            ]))
        return lines.joined(separator: "\n")
    }

    static func table(_ c: Comparison, _ lang: Language) -> String {
        let decimals = DisplayUnits.decimals(c.current.unit)
        let unit = DisplayUnits.name(c.current.unit, lang)
        func value(_ x: Double, plus: Bool = false) -> String { DisplayFormat.number(x, decimals: decimals, explicitPlus: plus) }
        func row(_ phrase: Phrase, _ side: ComparisonSide) -> [String] {
            [
                phrase.text(lang), side.label.text(lang), value(side.value), unit, "\(side.days)",
                DisplayFormat.number(side.coverage * 100, decimals: 1) + " %",
            ]
        }
        let header = [
            "", Phrase.period.text(lang), Phrase.value.text(lang), Phrase.unit.text(lang), Phrase.days.text(lang),
            Phrase.coverage.text(lang),
        ]
        var lines = [TextTable(header, [row(.thisPeriod, c.current), row(.baseline, c.baseline)], rightAligned: [2, 4, 5]).text, ""]
        let na = Phrase.notApplicable.text(lang)
        if let change = c.change {
            let percent = change.percent.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + " %" } ?? na
            let perDay = change.perDay.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) } ?? na
            lines.append(
                "\(Phrase.change.text(lang)): \(value(change.absolute, plus: true)) \(unit), \(percent); "
                    + "\(Phrase.perDayChange.text(lang)): \(perDay) \(unit)")
        } else {
            lines.append("\(Phrase.change.text(lang)): \(na)")
        }
        for note in (c.reason.map { [$0] } ?? []) + c.warnings {
            lines.append("\(Phrase.warning.text(lang)): \(note.text(lang))")
        }
        return lines.joined(separator: "\n")
    }
}
