/// How a tariff prices a day: Monday to Friday, Saturday, or Sunday and the tariff's off-peak days
/// (離峰日), which are billed as Sundays whatever the weekday.
public enum TariffDayType: String, Sendable, CaseIterable, Codable, Hashable {
    case weekday
    case saturday
    case sunday
}
