/// The day types of a daily model: a site's working days and the rest (weekends, holidays).
public enum DayType: String, Sendable, Hashable, Codable, CaseIterable {
    case working
    case nonWorking = "non_working"
}
