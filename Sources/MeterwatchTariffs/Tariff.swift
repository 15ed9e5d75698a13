import MeterwatchCore

/// A tariff through time: its revisions, oldest first, each in force until the next, and the
/// off-peak days they name.
public struct Tariff: Sendable {
    public var id: String
    public var revisions: [TariffRevision]
    public var offPeakDays: [String: OffPeakDays]

    public init(id: String, revisions: [TariffRevision], offPeakDays: [String: OffPeakDays]) {
        self.id = id
        self.revisions = revisions.sorted { $0.effective < $1.effective }
        self.offPeakDays = offPeakDays
    }

    /// The revision in force on `day`.
    public func revision(on day: CivilDate) throws -> TariffRevision {
        guard let r = revisions.last(where: { $0.effective <= day }) else {
            throw TariffError.notInForce(id: id, day: day, from: revisions.first?.effective ?? day)
        }
        return r
    }

    /// The latest revision (what "at today's prices" prices with).
    public var latest: TariffRevision { revisions[revisions.count - 1] }

    /// How `revision` prices `day`: its season and day type (an off-peak day is a Sunday).
    public func classify(_ day: CivilDate, under revision: TariffRevision) throws -> (season: Season, type: TariffDayType) {
        let season = revision.season(of: day)
        guard let list = offPeakDays[revision.offPeakDaysID], list.years.contains(day.year) else {
            throw TariffError.offPeakDaysUnknown(
                id: revision.offPeakDaysID, year: day.year, file: offPeakDays[revision.offPeakDaysID]?.file ?? revision.offPeakDaysID)
        }
        if list.days.contains(day) || day.isoWeekday == 7 { return (season, .sunday) }
        return (season, day.isoWeekday == 6 ? .saturday : .weekday)
    }
}
