import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

struct BillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bill", abstract: "A month's electricity bill of a billed meter, from its 15-minute data and its tariff.",
        discussion: """
            Lines: the basic charge of each contract, energy per time-of-use period, the over-contract charge per period (× 2 up
            to 10 % of the contracts serving it, × 3 beyond, a kW never charged twice), the power-factor adjustment, the total.
            A month that crosses 16 May, 16 October, a tariff revision or a contract change is split, monthly charges prorated
            by days. Amounts are exact in JSON and CSV; the table rounds lines to cents and the total to whole NT$. A month
            with missing quarter hours is marked incomplete with its coverage. Imported utility bills with an amount
            (`billed_amount`) are compared with the reconstruction of their own days; a storage system behind the meter
            shows what it earned.
            """)
    @OptionGroup var site: SiteOptions
    @OptionGroup var options: BillingPeriodOptions
    @Flag(help: "Bill the meter as if its storage systems had not run.") var withoutStorage = false
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table
    @Option(help: "Language of labels.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        let engine = BillingEngine(setup: try BillingSetup(config: site.config), store: try site.readings())
        let (from, to) = try options.days(today: site.calendar.civilDate(at: SystemClock().nowMs()))
        let answer = try engine.monthBill(meter: options.meter, from: from, to: to, withoutStorage: withoutStorage)
        let bill = answer.bill
        switch format {
        case .json: print(try JSONOutput.text(answer, language: lang))
        case .csv: print(MoneyText.csv(bill))
        case .table:
            var out = [MoneyText.table(bill, meter: options.meter, lang)]
            for s in answer.shadow {
                out.append(
                    "\n" + Phrase.shadowBill.text(lang) + " (\(s.from)…\(s.to.adding(days: -1))): "
                        + "\(MoneyText.ntd(s.billedAmount, 0)) / \(MoneyText.ntd(s.reconstructed.total, 0)), "
                        + "\(MoneyText.ntd(s.difference, 0)): \(MoneyText.cause(s.cause, lang))")
            }
            if let storage = answer.storage { out.append("\n" + MoneyText.earnings(storage, lang)) }
            print(out.joined(separator: "\n"))
        }
    }
}
