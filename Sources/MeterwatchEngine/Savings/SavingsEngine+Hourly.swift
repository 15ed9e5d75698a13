import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

extension SavingsEngine {
    /// Avoided energy use by CalTRACK's hourly method (time of week and temperature, occupancy,
    /// month-by-month models), for meters with hourly or finer data: counters, 15-minute or hourly
    /// interval totals. An hour counts when every series observed at least 90 % of it and the
    /// temperature series has a mean for it.
    public func hourlySavings(_ selection: Selection, baseline: Period, reporting: Period) throws -> HourlySavings {
        for (name, p) in [("baseline", baseline), ("reporting", reporting)] where p.days > 3660 {
            throw EngineError.periodTooLong(name: name, period: p.id, days: p.days)
        }
        let sel = try comparison.resolve(selection)
        guard !sel.seriesIDs.isEmpty else { throw EngineError.noStoredData(selection: selection.description) }
        let temp = try temperatureSeries()
        let base = try hourlyObservations(sel, temperature: temp.id, baseline)
        let rep = try hourlyObservations(sel, temperature: temp.id, reporting)
        guard let r = HourlySavings.compute(baseline: base, reporting: rep, confidence: options.confidence) else {
            throw EngineError.noModel(baseline: base.count, reporting: rep.count, unit: "hours")
        }
        // Month by month: a dictionary's order differs between two instances, and so would the sum's last digit.
        let occupied = r.model.months.sorted { $0.key < $1.key }.map { Double($0.value.occupied.filter { $0 }.count) / 168 }
        let savings = r.predicted - r.observed
        return HourlySavings(
            selection: sel.description, unit: sel.unit, baselinePeriod: baseline.id, reportingPeriod: reporting.id,
            temperatureMeter: temp.key.meter, monthlyModels: r.model.months.count,
            occupiedShare: occupied.reduce(0, +) / Double(max(1, occupied.count)), statistics: r.statistics,
            baselineHours: r.statistics.n, reportingHours: r.hours, reportingPredicted: r.predicted, reportingObserved: r.observed,
            savings: savings, savingsPercent: savings / r.predicted * 100, uncertainty: r.uncertainty, confidence: options.confidence,
            meetsGuideline14: r.statistics.cvrmse <= 0.30 && abs(r.statistics.nmbe) <= 0.10, fitSeconds: r.seconds)
    }

    /// The period's hours: use summed over the selection's series, the hour's mean temperature.
    func hourlyObservations(_ sel: ResolvedSelection, temperature: Int64, _ period: Period) throws -> [HourlyObservation] {
        let cal = comparison.calendar
        let (a, b) = period.bounds(cal)
        var temps: [Int64: Double] = [:]
        for bucket in try comparison.store.rollups(series: temperature, resolution: .hour, from: a, to: b) where bucket.count > 0 {
            temps[bucket.start] = bucket.mean
        }
        var sums: [Int64: (Double, Int)] = [:]
        for id in sel.seriesIDs {
            for bucket in try comparison.store.rollups(series: id, resolution: .hour, from: a, to: b) {
                guard Double(bucket.observedMs) >= 0.9 * Double(bucket.end - bucket.start) else { continue }
                let e = sums[bucket.start] ?? (0, 0)
                sums[bucket.start] = (e.0 + bucket.value + bucket.estimated, e.1 + 1)
            }
        }
        let workCalendar = comparison.config.site.workCalendar
        var out: [HourlyObservation] = []
        for (start, (use, count)) in sums where count == sel.seriesIDs.count {
            guard let t = temps[start] else { continue }
            let local = cal.rules.localMs(fromUTC: start)
            let date = cal.civilDate(at: start)
            let hour = Int((local % msPerDay + msPerDay) % msPerDay / 3_600_000)
            // The site's calendar decides what a day is like: a holiday on a weekday is taken as a
            // Sunday, a make-up working Saturday as a Wednesday (CalTRACK has no holidays; its week
            // alone would take a holiday for an occupied weekday).
            var weekday = date.isoWeekday
            let working = workCalendar.isWorkingDay(date)
            if !working && weekday <= 5 { weekday = 7 } else if working && weekday >= 6 { weekday = 3 }
            out.append(
                HourlyObservation(
                    ms: start, hourOfWeek: (weekday - 1) * 24 + hour, month: date.month, temperatureF: t * 9 / 5 + 32, usage: use))
        }
        return out.sorted { $0.ms < $1.ms }
    }
}
