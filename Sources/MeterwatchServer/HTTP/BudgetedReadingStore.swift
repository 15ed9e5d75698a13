import MeterwatchCore
import MeterwatchStore

/// A reading store that checks a `WorkBudget` before every read: the engine's loops stop between
/// two reads when the deadline passes or the client leaves (the engine itself stays unaware).
struct BudgetedReadingStore: ReadingStore {
    let base: any ReadingStore
    let budget: WorkBudget

    var calendar: LocalCalendar { base.calendar }
    func series(_ key: SeriesKey) throws -> SeriesInfo? {
        try budget.check()
        return try base.series(key)
    }
    func series(id: Int64) throws -> SeriesInfo? {
        try budget.check()
        return try base.series(id: id)
    }
    func allSeries() throws -> [SeriesInfo] {
        try budget.check()
        return try base.allSeries()
    }
    func samples(series: Int64, from: Int64, to: Int64) throws -> [Sample] {
        try budget.check()
        return try base.samples(series: series, from: from, to: to)
    }
    func latestSample(series: Int64) throws -> Sample? {
        try budget.check()
        return try base.latestSample(series: series)
    }
    func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample? {
        try budget.check()
        return try base.latestSample(series: series, atOrBefore: ms)
    }
    func rollups(series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        try budget.check()
        return try base.rollups(series: series, resolution: resolution, from: from, to: to)
    }
    func intervalTotals(series: Int64, from: Int64, to: Int64) throws -> [IntervalTotal] {
        try budget.check()
        return try base.intervalTotals(series: series, from: from, to: to)
    }
    func totals(series ids: [Int64], from: Int64, to: Int64) throws -> RollupTotal {
        try budget.check()
        return try base.totals(series: ids, from: from, to: to)
    }
    func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )] {
        try budget.check()
        return try base.bucketTotals(series: ids, resolution: resolution, from: from, to: to)
    }
    func dataEnds(series ids: [Int64]) throws -> [Int64: Int64] {
        try budget.check()
        return try base.dataEnds(series: ids)
    }
    func refuelLogSpan() throws -> (first: CivilDate, last: CivilDate)? {
        try budget.check()
        return try base.refuelLogSpan()
    }
    func refuels(from: CivilDate, to: CivilDate, vehicle: String?) throws -> [Refuel] {
        try budget.check()
        return try base.refuels(from: from, to: to, vehicle: vehicle)
    }
    func kpiActual(kpi: String, period: String) throws -> KPIActual? {
        try budget.check()
        return try base.kpiActual(kpi: kpi, period: period)
    }
    func kpiActuals() throws -> [KPIActual] {
        try budget.check()
        return try base.kpiActuals()
    }
    func batchingTotals(over series: [Int64]) -> any ReadingStore {
        BudgetedReadingStore(base: base.batchingTotals(over: series), budget: budget)
    }
}
