/// Why a timestamp or a value was refused at an entrance (import, collector, API). Each entrance
/// adds the place: `file:line:column`, or the device and register.
public enum Implausibility: Error, Sendable, Hashable {
    case notFinite
    /// Before the site's start of history (or 1990).
    case beforeEarliest(ms: Int64, earliestMs: Int64)
    /// Later than the host's clock plus the allowed skew: a mistyped year, a device clock gone wrong.
    case inTheFuture(ms: Int64, nowMs: Int64, skewMs: Int64)
    case intervalNotPositive(startMs: Int64, endMs: Int64)
    case intervalTooLong(lengthMs: Int64, maxMs: Int64)
    case outOfRange(value: Double, quantity: Quantity, range: ValueRange)

    /// The message, with instants written in `calendar`'s zone.
    public func message(_ calendar: LocalCalendar) -> String {
        switch self {
        case .notFinite:
            return "not a finite number"
        case let .beforeEarliest(ms, earliest):
            return "\(calendar.isoString(ms)) is before the start of history (\(calendar.isoString(earliest)); plausibility.history_start)"
        case let .inTheFuture(ms, now, skew):
            let minutes = skew / 60_000
            return
                "\(calendar.isoString(ms)) is in the future (now \(calendar.isoString(now)), allowing \(minutes) min of clock skew): a "
                + "mistyped year?"
        case let .intervalNotPositive(start, end):
            return "the interval \(calendar.isoString(start)) … \(calendar.isoString(end)) does not end after it starts"
        case let .intervalTooLong(length, max):
            return "an interval of \(length / msPerDay) days is longer than the \(max / msPerDay) days allowed (plausibility.max_interval)"
        case let .outOfRange(value, quantity, range):
            return "\(ValueRange.text(value)) is outside the plausible range of \(quantity), \(range)"
        }
    }
}
