import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

extension ServerState {
    var limits: RequestLimits { config.server.limits }

    /// A period within `server.limits.span`, else a 400 that names the limit.
    func checked(_ period: Period, name: String = "period") throws -> Period {
        guard period.days <= limits.maxSpanDays else {
            throw Problem.badRequest("\(name) spans \(period.days) days; the limit is \(limits.maxSpanDays) days (server.limits.span)")
        }
        return period
    }

    /// A time range within `server.limits.span`.
    func checkRange(from: Int64, to: Int64) throws {
        let days = (to - from) / msPerDay
        guard days <= Int64(limits.maxSpanDays) else {
            throw Problem.badRequest("the range spans \(days) days; the limit is \(limits.maxSpanDays) days (server.limits.span)")
        }
    }

    /// Points an answer would hold, within `server.limits.points`, else 413.
    func checkPoints(_ n: Int) throws {
        guard n <= limits.maxPoints else {
            throw Problem(
                .contentTooLarge,
                "the answer would hold \(n) points; the limit is \(limits.maxPoints) (server.limits.points): narrow the range or use a "
                    + "coarser resolution"
            )
        }
    }
}
