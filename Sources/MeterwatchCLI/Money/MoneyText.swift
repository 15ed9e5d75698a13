import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

/// Bills and their parts as terminal tables and CSV, in either language. Amounts are rounded only
/// here: lines to cents, totals to whole NT$ (half away from zero).
enum MoneyText {
    static func ntd(_ v: Double, _ decimals: Int = 2) -> String { "NT$" + DisplayFormat.number(v, decimals: decimals) }

    static func table(_ bill: Bill, meter: String, _ lang: Language) -> String {
        var out: [String] = []
        out.append("\(meter): " + Phrase.billFor(period: "\(bill.from)…\(bill.to.adding(days: -1))").text(lang))
        for seg in bill.segments {
            out.append(
                "  \(seg.firstDay)…\(seg.lastDay): \(seg.tariff) (\(seg.tariffEffective)), "
                    + (seg.season == .summer ? Phrase.summerMonth : Phrase.nonSummerMonth).text(lang) + ", \(seg.contracts)")
        }
        out.append("")
        let rows = bill.lines.map { l in
            [BillLineText.label(l, in: bill, lang), BillLineText.quantity(l), BillLineText.price(l), ntd(l.amount)]
        }
        out.append(
            TextTable(["", "", "", "NT$"], rows + [[Phrase.billTotal.text(lang), "", "", ntd(bill.total, 0)]], rightAligned: [1, 2, 3]).text
        )
        out.append("")
        var demand: [String] = []
        for period in TOUPeriod.allCases {
            guard let d = bill.maxDemand(period) else { continue }
            demand.append("\(Phrase.touPeriod(period.rawValue).text(lang)) \(DisplayFormat.number(d.kW, decimals: 1)) kW")
        }
        if !demand.isEmpty { out.append(Phrase.maxDemand.text(lang) + ": " + demand.joined(separator: ", ")) }
        if !bill.isComplete { out.append(Phrase.billIncomplete(coverage: bill.coverage).text(lang)) }
        return out.joined(separator: "\n")
    }

    static func csv(_ bill: Bill) -> String {
        var lines = ["kind,segment,contract,period,multiplier,quantity,unit,price,share,amount"]
        for l in bill.lines {
            lines.append(
                CSVLine.of([
                    l.kind.rawValue, "\(l.segment)", l.contract?.rawValue ?? "", l.period?.rawValue ?? "",
                    l.multiplier.map { "\($0)" } ?? "",
                    "\(l.quantity)", l.unit, "\(l.price)", "\(l.share)", "\(l.amount)",
                ]))
        }
        lines.append(CSVLine.of(["total", "", "", "", "", "", "", "", "", "\(bill.total)"]))
        return lines.joined(separator: "\n")
    }

    static func cause(_ c: ShadowBill.Cause, _ lang: Language) -> String {
        switch c {
        case .agrees: Phrase.shadowAgrees.text(lang)
        case .missingData(let coverage): Phrase.shadowMissingData(coverage: coverage).text(lang)
        case let .energyDiffers(billed, measured): Phrase.shadowEnergyDiffers(billed: billed, measured: measured).text(lang)
        case .contract(let kW): Phrase.shadowContract(kW: kW).text(lang)
        case .tariff: Phrase.shadowTariff.text(lang)
        }
    }

    static func earnings(_ e: StorageEarnings, _ lang: Language) -> String {
        let rows = [
            [Phrase.withoutStorage.text(lang), ntd(e.withoutStorage, 0)],
            [Phrase.withStorage.text(lang), ntd(e.withStorage, 0)],
            [Phrase.peakShaving.text(lang), ntd(e.peakShaving, 0)],
            [Phrase.touArbitrage.text(lang), ntd(e.arbitrage, 0)],
            [Phrase.storageLosses.text(lang), ntd(e.losses, 0)],
            [Phrase.billTotal.text(lang), ntd(e.total, 0)],
        ]
        return Phrase.storageEarnings.text(lang) + "\n" + TextTable(["", "NT$"], rows, rightAligned: [1]).text
    }
}
