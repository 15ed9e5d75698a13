import MeterwatchCore

/// The city hall's contract capacities in the demo, chosen from the model itself: the regular
/// contract at the second-highest monthly peak-period demand of the last complete summer (so that
/// one summer month exceeds it, as at a real site whose contract was set a little tight), the
/// half-peak contract up to the year's highest half-peak demand.
public struct DemoContracts: Sendable, Hashable {
    public var from: CivilDate
    public var regularKW: Int
    public var halfPeakKW: Int

    public static func choose(model: CityHall, today: CivilDate) -> DemoContracts {
        let summerYear = (today.month, today.day) > (10, 15) ? today.year : today.year - 1
        var peakByMonth: [Int: Double] = [:]
        var day = CivilDate(year: summerYear, month: 5, day: 16)
        while day <= CivilDate(year: summerYear, month: 10, day: 15) {
            if TaiwanWorkCalendar.isWorkingDay(day) && day.isoWeekday <= 5 {
                for quarter in 64..<88 {
                    peakByMonth[day.month] = max(peakByMonth[day.month] ?? 0, power(model, day, quarter))
                }
            }
            day = day.adding(days: 1)
        }
        let maxima = peakByMonth.values.sorted(by: >)
        let regular = ceilTen(maxima.count > 1 ? maxima[1] : maxima.first ?? 500)
        // Half-peak hours over the last twelve months: summer 09–16 and 22–24, non-summer 06–11 and 14–24.
        var half = 0.0
        let first = CivilDate(year: today.year, month: today.month, day: 1)
        day = first.adding(months: -12)
        while day < first {
            if TaiwanWorkCalendar.isWorkingDay(day) && day.isoWeekday <= 5 {
                let summer = (day.month, day.day) >= (5, 16) && (day.month, day.day) <= (10, 15)
                for quarter in 0..<96 {
                    let h = quarter / 4
                    let isHalf = summer ? (h >= 9 && h < 16) || h >= 22 : (h >= 6 && h < 11) || h >= 14
                    if isHalf { half = max(half, power(model, day, quarter)) }
                }
            }
            day = day.adding(days: 1)
        }
        return DemoContracts(from: model.anchor.start, regularKW: regular, halfPeakKW: max(0, ceilTen(half) - regular))
    }

    static func power(_ model: CityHall, _ day: CivilDate, _ quarter: Int) -> Double {
        model.mainPowerKW(at: model.calendar.startOfDay(day) + Int64(quarter) * CityHall.slotMs)
    }

    static func ceilTen(_ kW: Double) -> Int { Int((kW / 10).rounded(.up)) * 10 }

    /// The main incomer's `billing:` entry.
    var yaml: String {
        "billing: { tariff: taipower-hv-three-section, contracts: [{ from: \(from), regular: \(regularKW), half_peak: \(halfPeakKW) }], "
            + "storage: [ess], submeters: [chiller, lighting, server-room] }"
    }
}
