import MeterwatchCore
import MeterwatchStore

/// Daily mean temperatures in the site's time zone, from a stored temperature series: a weather
/// station's imported file or a temperature sensor the collector polls.
///
/// Coverage rule: a day counts when it has readings in at least 12 distinct hours (half the day);
/// its mean is the mean of its hourly means (CalTRACK 2.2.2.3), so a sensor polled every few
/// seconds weighs each hour alike. A day with exactly one reading, at local midnight, is a daily
/// record and counts as it is. Other days are missing.
///
/// Reads hour rollups rather than raw samples: a year of a 5-second sensor is 8,760 rows instead of
/// 6.3 million, and rollups outlive raw-sample pruning.
public enum DailyTemperature {
    public static func means(store: any ReadingStore, series: Int64, from: CivilDate, to: CivilDate) throws -> [CivilDate: Double] {
        let cal = store.calendar
        let hours = try store.rollups(series: series, resolution: .hour, from: cal.startOfDay(from), to: cal.startOfDay(to))
        var byDay: [CivilDate: (sum: Double, hours: Int, readings: Int, firstStart: Int64)] = [:]
        for h in hours where h.count > 0 {
            let day = cal.civilDate(at: h.start)
            var e = byDay[day] ?? (0, 0, 0, h.start)
            e.sum += h.value / Double(h.count)
            e.hours += 1
            e.readings += h.count
            byDay[day] = e
        }
        var out: [CivilDate: Double] = [:]
        for (day, e) in byDay {
            if e.hours >= 12 {
                out[day] = e.sum / Double(e.hours)
            } else if e.readings == 1, e.firstStart == cal.startOfDay(day) {
                // One reading in the first hour: a daily record only if it stands exactly at midnight.
                let midnight = cal.startOfDay(day)
                if let s = try store.samples(series: series, from: midnight, to: midnight + 1).first { out[day] = s.value }
            }
        }
        return out
    }
}
