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
    @Flag(help: "Add NT$: the energy at each quarter hour's price, at the tariff in force and at its latest revision for both sides.")
    var money = false
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table
    @Option(help: "Language of labels and notes.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let engine = try site.engine()
        let resolved = try engine.resolve(try select.selection())
        let comparison = try engine.compare(resolved, period: try periods.parsedPeriod(), against: try periods.parsedBaseline())
        let cost =
            money
            ? try EnergyCost.of(
                comparison, selection: resolved, config: site.config, store: engine.store, setup: try BillingSetup(config: site.config))
            : nil
        if money && cost == nil { throw CLIError.badOption("--money", Phrase.noBilledMeter.text(lang)) }
        switch format {
        case .json: print(try JSONOutput.text(MoneyComparison(comparison: comparison, money: cost), language: lang))
        case .csv: print(Self.csv(comparison, lang) + (cost.map { "\n" + Self.csv($0) } ?? ""))
        case .table: print(Self.table(comparison, lang) + (cost.map { "\n" + Self.table($0, lang) } ?? ""))
        }
    }

    /// The comparison, with its NT$ when asked (`--money`).
    struct MoneyComparison: Encodable {
        var comparison: Comparison
        var money: EnergyCost?

        func encode(to encoder: any Encoder) throws {
            guard let money else { return try comparison.encode(to: encoder) }
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(comparison, forKey: .comparison)
            try c.encode(money, forKey: .money)
        }

        enum Keys: String, CodingKey { case comparison, money }
    }

    static func csv(_ m: EnergyCost) -> String {
        [
            "money,tariff,current,baseline,change,priced_at,current_at_one_price,baseline_at_one_price,change_at_one_price",
            CSVLine.of([
                "ntd", m.tariff, m.current.map { "\($0)" } ?? "", m.baseline.map { "\($0)" } ?? "", m.change.map { "\($0)" } ?? "",
                m.pricedAt.description, "\(m.currentAtOnePrice)", "\(m.baselineAtOnePrice)", "\(m.changeAtOnePrice)",
            ]),
        ].joined(separator: "\n")
    }

    static func table(_ m: EnergyCost, _ lang: Language) -> String {
        func ntd(_ v: Double?) -> String { v.map { "NT$" + DisplayFormat.number($0, decimals: 0) } ?? Phrase.notApplicable.text(lang) }
        func signed(_ v: Double?) -> String {
            v.map { "NT$" + DisplayFormat.number($0, decimals: 0, explicitPlus: true) } ?? Phrase.notApplicable.text(lang)
        }
        return TextTable(
            ["", Phrase.thisPeriod.text(lang), Phrase.baseline.text(lang), Phrase.change.text(lang)],
            [
                [Phrase.energyCost.text(lang), ntd(m.current), ntd(m.baseline), signed(m.change)],
                [
                    Phrase.pricedAt(date: m.pricedAt.description).text(lang), ntd(m.currentAtOnePrice), ntd(m.baselineAtOnePrice),
                    signed(m.changeAtOnePrice),
                ],
            ], rightAligned: [1, 2, 3]
        ).text
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
