/// How a savings model treats the week.
public enum ModelStructure: String, Sendable, Hashable, Codable, CaseIterable {
    /// One daily model for all days (CalTRACK 2.1's daily method).
    case fullWeek = "full_week"
    /// A daily model for working days and one for non-working days, each with its own balance
    /// points (eemeter 4 / opendsm's weekday–weekend split, with the site's work calendar).
    case dayTypes = "day_types"
    /// CalTRACK's hourly method: time of week and temperature, with occupancy.
    case hourOfWeek = "hour_of_week"
}
