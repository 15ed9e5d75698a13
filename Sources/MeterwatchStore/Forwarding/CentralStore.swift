import MeterwatchCore

/// Where a server keeps the buildings' readings it receives and reports on: the embedded SQLite
/// store, or the PostgreSQL central of a deployment that sets `storage.postgres`. Edges forward
/// into it, KPI actuals are entered into it, and the engine reads it (`ReadingStore`).
///
/// Calls block: callers run them on a dedicated thread, never on Swift's cooperative pool.
public protocol CentralStore: ReadingStore {
    /// Stores readings and bills of building `site` in one transaction (series created as needed).
    func ingest(samples: [SeriesSpec: [Sample]], intervals: [SeriesSpec: [IntervalTotal]], site: String) throws -> IngestReport
    /// Adds rows of the fleet's fuel log kept by building `site`, each once (by vehicle, day and
    /// litres); the cars' series are not touched. Returns the rows added.
    func addRefuels(_ refuels: [Refuel], site: String) throws -> Int
    /// Enters a KPI's actual for a period, kept under building `site`.
    func setKPIActual(_ actual: KPIActual, site: String) throws
    /// Changes whenever a commit changed the store, by any process: caches of answers key on it.
    func generation() throws -> Int64
    /// Deletes a series' readings and bills starting in `[from, to)` and recomputes its rollups
    /// (or, in a dry run, says what would go).
    func deleteReadings(series: Int64, from: Int64, to: Int64, dryRun: Bool) throws -> DeletionReport
}

/// The embedded store keeps one site per file: the building is the meter's, from the configuration.
extension MeterStore: CentralStore {
    public func ingest(samples: [SeriesSpec: [Sample]], intervals: [SeriesSpec: [IntervalTotal]], site: String) throws -> IngestReport {
        try ingest(samples: samples, intervals: intervals)
    }

    public func setKPIActual(_ actual: KPIActual, site: String) throws {
        try setKPIActual(actual)
    }

    public func addRefuels(_ refuels: [Refuel], site: String) throws -> Int {
        try addForwardedRefuels(refuels)
    }
}
