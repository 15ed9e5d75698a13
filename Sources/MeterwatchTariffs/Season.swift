/// The tariff's season: summer (夏月) or the rest of the year (非夏月). High-voltage summer runs
/// from 16 May to 15 October; each tariff file says its own.
public enum Season: String, Sendable, CaseIterable, Codable, Hashable {
    case summer
    case nonSummer = "non_summer"
}
