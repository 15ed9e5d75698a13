import MeterwatchCore
import MeterwatchStore

/// Daily mean temperatures in the site's time zone, from a stored temperature series.
///
/// Coverage rule: a day counts when its readings fall in at least 12 distinct hours (half the
/// day), or when it has exactly one reading at local midnight (a daily record). Other days are
/// missing.
public enum DailyTemperature {
    public static func means(store: MeterStore, series: Int64, from: CivilDate, to: CivilDate) throws -> [CivilDate: Double] {
        let cal = store.calendar
        let samples = try store.samples(series: series, from: cal.startOfDay(from), to: cal.startOfDay(to))
        var byDay: [CivilDate: (sum: Double, n: Int, hours: Set<Int64>, midnightOnly: Bool)] = [:]
        for s in samples {
            let day = cal.civilDate(at: s.ms)
            let start = cal.startOfDay(day)
            var e = byDay[day] ?? (0, 0, [], true)
            e.sum += s.value; e.n += 1
            e.hours.insert((s.ms - start) / msPerHour)
            if s.ms != start { e.midnightOnly = false }
            byDay[day] = e
        }
        var out: [CivilDate: Double] = [:]
        for (day, e) in byDay where e.hours.count >= 12 || (e.n == 1 && e.midnightOnly) { out[day] = e.sum / Double(e.n) }
        return out
    }
}
