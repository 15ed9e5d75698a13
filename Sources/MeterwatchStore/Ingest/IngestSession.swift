import GRDB
import MeterwatchCore

/// One write transaction for a long import: batches are written as they come, in bounded
/// memory, and the whole import commits or rolls back as one (`MeterStore.ingestSession`).
public final class IngestSession {
    let db: Database
    let store: MeterStore

    init(db: Database, store: MeterStore) {
        self.db = db
        self.store = store
    }

    /// The stored series for `key`, if any (inside the transaction).
    public func series(_ key: SeriesKey) throws -> SeriesInfo? { try MeterStore.fetchSeries(db, key: key) }

    /// Writes a batch of readings and interval totals, creating series as needed.
    @discardableResult
    public func write(samples: [SeriesSpec: [Sample]] = [:], intervals: [SeriesSpec: [IntervalTotal]] = [:]) throws -> IngestReport {
        var report = IngestReport()
        var sampleBatch: [Int64: [Sample]] = [:]
        for (spec, list) in samples { sampleBatch[try store.ensureSeries(db, spec).id, default: []] += list }
        var intervalBatch: [Int64: [IntervalTotal]] = [:]
        for (spec, list) in intervals { intervalBatch[try store.ensureSeries(db, spec).id, default: []] += list }
        report += try store.append(sampleBatch, db: db)
        report += try store.appendIntervals(intervalBatch, db: db)
        return report
    }
}

extension MeterStore {
    /// Runs `body` in one write transaction: everything it writes commits together, or nothing
    /// when it throws. Other writers wait for it (up to the busy timeout, then they retry).
    /// `rollingBack`: a preview, whose counts are the real ones (inserted, updated, unchanged against
    /// what is stored) and whose writes are undone.
    public func ingestSession<T>(rollingBack: Bool = false, _ body: (IngestSession) throws -> T) throws -> T {
        try transaction(rollingBack: rollingBack) { db in try body(IngestSession(db: db, store: self)) }
    }

    /// One write transaction that commits, or, with `rollingBack`, is rolled back once `body` has
    /// computed its answer.
    func transaction<T>(rollingBack: Bool, _ body: (Database) throws -> T) throws -> T {
        guard rollingBack else { return try pool.write(body) }
        var result: T?
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .rollback
            }
        }
        guard let result else { throw StoreError.unknownSeries("a preview that computed nothing") }
        return result
    }
}
