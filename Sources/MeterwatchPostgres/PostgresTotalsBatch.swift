import Foundation
import MeterwatchCore
import MeterwatchStore
import Synchronization

/// A PostgreSQL central read by a caller that sums many selections over the same ranges (the
/// portfolio, KPIs by building): each range's rollup rows of every series in `series` come in one
/// statement, and each `totals` adds its own series' rows from memory in the canonical order, so the
/// figures are those of `PostgresStore.totals` to the last digit. The 100 buildings' portfolio asked
/// for four statements a building before.
final class PostgresTotalsBatch: ReadingStore, Sendable {
    let base: PostgresStore
    let series: Set<Int64>
    private let seriesList: [Int64]
    /// Rows per range, read once (the engine may be called from several threads; a range is read
    /// under the lock, so two callers never read it twice).
    private let rowsByRange = Mutex<[Range<Int64>: [RollupTotalRow]]>([:])

    init(base: PostgresStore, series: [Int64]) {
        self.base = base
        self.series = Set(series)
        self.seriesList = series
    }

    func totals(series ids: [Int64], from: Int64, to: Int64) throws -> RollupTotal {
        guard !ids.isEmpty, from < to else { return RollupTotalSum().total }
        guard ids.allSatisfy(series.contains) else { return try base.totals(series: ids, from: from, to: to) }
        let rows = try rows(from: from, to: to)
        let wanted = Set(ids)
        return RollupTotalSum.total(rows.filter { wanted.contains($0.series) }, series: ids)
    }

    private func rows(from: Int64, to: Int64) throws -> [RollupTotalRow] {
        try rowsByRange.withLock { cache throws -> [RollupTotalRow] in
            if let rows = cache[from..<to] { return rows }
            let rows = try base.totalRows(seriesList, RollupTiling.pieces(from: from, to: to, calendar: base.calendar))
            cache[from..<to] = rows
            return rows
        }
    }

    // Everything else is the store's own.
    var calendar: LocalCalendar { base.calendar }
    func series(_ key: SeriesKey) throws -> SeriesInfo? { try base.series(key) }
    func series(id: Int64) throws -> SeriesInfo? { try base.series(id: id) }
    func allSeries() throws -> [SeriesInfo] { try base.allSeries() }
    func samples(series: Int64, from: Int64, to: Int64) throws -> [Sample] { try base.samples(series: series, from: from, to: to) }
    func latestSample(series: Int64) throws -> Sample? { try base.latestSample(series: series) }
    func latestSample(series: Int64, atOrBefore ms: Int64) throws -> Sample? { try base.latestSample(series: series, atOrBefore: ms) }
    func rollups(series: Int64, resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        try base.rollups(series: series, resolution: resolution, from: from, to: to)
    }
    func intervalTotals(series: Int64, from: Int64, to: Int64) throws -> [IntervalTotal] {
        try base.intervalTotals(series: series, from: from, to: to)
    }
    func bucketTotals(series ids: [Int64], resolution: Resolution, from: Int64, to: Int64) throws -> [(
        start: Int64, end: Int64, total: RollupTotal
    )] {
        try base.bucketTotals(series: ids, resolution: resolution, from: from, to: to)
    }
    func dataEnds(series ids: [Int64]) throws -> [Int64: Int64] { try base.dataEnds(series: ids) }
    func refuelLogSpan() throws -> (first: CivilDate, last: CivilDate)? { try base.refuelLogSpan() }
    func refuels(from: CivilDate, to: CivilDate, vehicle: String?) throws -> [Refuel] {
        try base.refuels(from: from, to: to, vehicle: vehicle)
    }
    func kpiActual(kpi: String, period: String) throws -> KPIActual? { try base.kpiActual(kpi: kpi, period: period) }
    func kpiActuals() throws -> [KPIActual] { try base.kpiActuals() }
    func batchingTotals(over series: [Int64]) -> any ReadingStore { self }
}
