import MeterwatchCore

/// What the engine reads: series, readings, rollups with coverage, bills, the fuel log's span and
/// entered KPI actuals. The embedded SQLite store (`MeterStore`) and the PostgreSQL central store
/// (`PostgresStore`) both answer it, with the same figures to the last digit: both keep their rollups
/// with `RollupMath` and sum them with `RollupTotalSum` in the same order.
///
/// Calls block: callers run them on a dedicated thread, never on Swift's cooperative pool.
public protocol ReadingStore: Sendable {
    /// The site's local calendar: the buckets every rollup is cut on.
    var calendar: LocalCalendar { get }
    func series(_ key: SeriesKey) throws -> SeriesInfo?
    func series(id: Int64) throws -> SeriesInfo?
    /// Every series, ordered by meter, then quantity.
    func allSeries() throws -> [SeriesInfo]
    /// Raw readings in `[from, to)`, oldest first.
    func samples(series: Int64, from: Int64, to: Int64) throws -> [Sample]
    func latestSample(series: Int64) throws -> Sample?
    /// The latest raw reading at or before `ms`.
    func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample?
    /// Buckets of one resolution starting in `[from, to)`, oldest first.
    func rollups(series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket]
    /// Bills and other totals over intervals overlapping `[from, to)`, oldest first.
    func intervalTotals(series: Int64, from: Int64, to: Int64) throws -> [IntervalTotal]
    /// Sums over `[from, to)` (quarter-hour boundaries) across several series, from the coarsest
    /// buckets that tile the range exactly.
    func totals(series ids: [Int64], from: Int64, to: Int64) throws -> RollupTotal
    /// Per-bucket sums across several series, one entry per bucket overlapping `[from, to)`.
    func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )]
    /// Where each series' data ends: its latest reading, or the end of its latest interval total.
    /// Series without data are absent.
    func dataEnds(series ids: [Int64]) throws -> [Int64: Int64]
    /// First and last day of the fleet's fuel log, if any refuel is stored.
    func refuelLogSpan() throws -> (first: CivilDate, last: CivilDate)?
    /// Refuels with `from <= day < to`, ordered by vehicle, day and odometer.
    func refuels(from: CivilDate, to: CivilDate, vehicle: String?) throws -> [Refuel]
    func kpiActual(kpi: String, period: String) throws -> KPIActual?
    /// Every entered KPI actual, by KPI and period.
    func kpiActuals() throws -> [KPIActual]
    /// This store, for a caller about to ask `totals` over the same few ranges for many selections
    /// of `series` (a portfolio: every building over the same periods). A remote store then reads
    /// each range's rows of all of `series` once and sums each selection from them, with the same
    /// figures; what falls outside `series` is read as usual. The embedded store is itself.
    func batchingTotals(over series: [Int64]) -> any ReadingStore
}

extension ReadingStore {
    public func batchingTotals(over series: [Int64]) -> any ReadingStore { self }
}

extension MeterStore: ReadingStore {}
