import MeterwatchCore

/// One series' readings and rollups as a write transaction sees them: what `IncrementalRollups`
/// reads and rewrites. The SQLite store and the PostgreSQL central both answer it, so a late
/// reading changes the same buckets to the same values in either.
public protocol RollupWorkspace {
    /// Up to `limit` readings before `ms`, the newest of them, oldest first.
    func samples(before ms: Int64, limit: Int) throws -> [Sample]
    /// Up to `limit` readings after `ms`, the oldest of them, oldest first.
    func samples(after ms: Int64, limit: Int) throws -> [Sample]
    /// Readings in `[from, to)`, oldest first.
    func samples(from: Int64, to: Int64) throws -> [Sample]
    /// The series' meter replacements, oldest first.
    func replacements() throws -> [CounterReplacement]
    /// Interval totals overlapping `[from, to)`.
    func intervalTotals(overlapping from: Int64, to: Int64) throws -> [IntervalTotal]
    /// Buckets of one resolution starting in `[from, to)`, oldest first.
    func rollups(_ resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket]
    /// Replaces the buckets of one resolution starting in `[from, to)` with `buckets`.
    func replaceRollups(_ resolution: Resolution, from: Int64, to: Int64, with buckets: [RollupBucket]) throws
}
