import MeterwatchCore
import MeterwatchTariffs

/// How a bill's line reads, the same in the CLI's tables and on the money page: its label in the
/// language asked for, its quantity with the unit, and its price (with the segment's share when
/// the month is split).
public enum BillLineText {
    public static func label(_ line: BillLine, in bill: Bill, _ lang: Language) -> String {
        let segment =
            bill.segments.count > 1 ? " (\(bill.segments[line.segment].firstDay)…\(bill.segments[line.segment].lastDay))" : ""
        let separator = lang.pick(", ", "：")
        let period = Phrase.touPeriod(line.period?.rawValue ?? "").text(lang)
        switch line.kind {
        case .basic:
            return Phrase.basicCharge.text(lang) + separator + Phrase.contractKind(line.contract?.rawValue ?? "regular").text(lang)
                + segment
        case .basicSaturdayOffPeak: return Phrase.basicCharge.text(lang) + separator + Phrase.saturdayOffPeakBeyondHalf.text(lang) + segment
        case .energy: return Phrase.energyCharge.text(lang) + separator + period + segment
        case .overContract:
            let multiplier = DisplayFormat.number(line.multiplier ?? 0, decimals: 0)
            return Phrase.overContractCharge.text(lang) + separator + period + " ×\(multiplier)" + segment
        case .noUse: return Phrase.noUseDiscount.text(lang)
        case .powerFactor: return Phrase.powerFactorAdjustment(percent: Int(line.quantity)).text(lang)
        }
    }

    public static func quantity(_ line: BillLine) -> String {
        switch line.unit {
        case "%": DisplayFormat.number(line.price * 100, decimals: 1, explicitPlus: true) + " %"
        case "kWh": DisplayFormat.number(line.quantity, decimals: 0) + " kWh"
        default: DisplayFormat.number(line.quantity, decimals: 1) + " kW"
        }
    }

    public static func price(_ line: BillLine) -> String {
        switch line.unit {
        case "%": ""
        case "kWh": DisplayFormat.number(line.price, decimals: 2) + "/kWh"
        default:
            DisplayFormat.number(line.price, decimals: 2) + "/kW"
                + (line.share < 1 ? " × \(DisplayFormat.number(line.share, decimals: 4))" : "")
        }
    }
}
