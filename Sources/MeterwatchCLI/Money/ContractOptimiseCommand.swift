import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine
import MeterwatchServer
import MeterwatchTariffs

struct ContractOptimiseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimise",
        abstract: "The contracts (regular, half-peak, Saturday, off-peak) that minimise basic plus over-contract charges over the history.",
        discussion: """
            Every month's maximum demand per period is held against candidate contracts with the bill's own rules (the 50 %
            rule for Saturday and off-peak contracts, the tariff's minimum, × 2 and × 3 excesses, no kW charged twice). The
            search is exact (a branch and bound over whole kW). Shown: the current contracts against the recommended ones
            with NT$ a year, the months that pay an excess, and the same with demand --growth per cent higher. --svg writes
            the cost curve (annual cost by regular contract).
            """, aliases: ["optimize"])
    @OptionGroup var site: SiteOptions
    @Option(help: "The billed meter.") var meter: String
    @Option(help: "Months of history.") var months: Int = 12
    @Option(help: "The last month of the history: 2026-09 (default: last month).") var through: String?
    @Option(help: "A hotter year: demand this many per cent higher.") var growth: Double = 5
    @Option(help: "Write the cost curve as SVG to this file.") var svg: String?
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of labels.") var lang: Language = .en

    func run() throws {
        guard (1...60).contains(months) else { throw CLIError.badOption("--months", "1…60") }
        guard (-50...100).contains(growth) else { throw CLIError.badOption("--growth", "-50…100 per cent") }
        let site = try self.site.open()
        let engine = BillingEngine(setup: try BillingSetup(config: site.config), store: try site.readings())
        let today = site.calendar.civilDate(at: SystemClock().nowMs())
        var end = CivilDate(year: today.year, month: today.month, day: 1)
        if let through {
            guard let p = try? Period.parse(through), p.kind == .month else {
                throw CLIError.badOption("--through", "expected a month such as 2026-09, got '\(through)'")
            }
            end = p.end
        }
        let review = try engine.contractReview(meter: meter, first: end.adding(months: -months), end: end, growth: growth / 100)
        if let svg {
            try ContractCurveChart.svg(review, lang).write(toFile: svg, atomically: true, encoding: .utf8)
        }
        let f = review.yearFactor
        let currentCost = review.currentCost.basic + review.currentCost.excess
        switch format {
        case .json: print(try JSONOutput.text(review, language: lang))
        case .table:
            var out: [String] = []
            let kinds = review.recommended.contracts.kW.isEmpty ? [ContractKind.regular] : ContractKind.allCases
            let rows = kinds.map { k in
                [Phrase.contractKind(k.rawValue).text(lang), "\(review.current[k])", "\(review.recommended.contracts[k])"]
            }
            out.append("\(meter): \(review.months.first ?? "")…\(review.months.last ?? "")")
            out.append(
                TextTable(
                    [
                        Phrase.contractCapacity.text(lang) + " kW", Phrase.currentContracts.text(lang),
                        Phrase.recommendedContracts.text(lang),
                    ],
                    rows + [
                        ["NT$", MoneyText.ntd(currentCost, 0), MoneyText.ntd(review.recommended.cost, 0)]
                    ], rightAligned: [1, 2]
                ).text)
            out.append(Phrase.contractSaving(amount: (currentCost - review.recommended.cost) * f, months: review.months.count).text(lang))
            let excessMonths = review.byMonth.filter { $0.currentExcess > 0 || $0.recommendedExcess > 0 }
            if !excessMonths.isEmpty {
                out.append("\n" + Phrase.monthsWithExcess.text(lang))
                out.append(
                    TextTable(
                        ["", Phrase.currentContracts.text(lang), Phrase.recommendedContracts.text(lang)],
                        excessMonths.map { [$0.month, MoneyText.ntd($0.currentExcess, 0), MoneyText.ntd($0.recommendedExcess, 0)] },
                        rightAligned: [1, 2]
                    ).text)
            }
            out.append(
                "\n" + Phrase.hotterYear(percent: growth).text(lang) + ": " + Phrase.recommendedContracts.text(lang) + " "
                    + MoneyText.ntd(review.recommendedUnderGrowth, 0) + "; " + "\(review.optimumUnderGrowth.contracts) "
                    + MoneyText.ntd(review.optimumUnderGrowth.cost, 0))
            if let bare = review.withoutStorage {
                out.append(
                    Phrase.storageContractHeadroom(
                        kW: bare.contracts.total - review.recommended.contracts.total, amount: (bare.cost - review.recommended.cost) * f
                    ).text(lang))
            }
            print(out.joined(separator: "\n"))
        }
    }
}
