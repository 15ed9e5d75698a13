import MeterwatchCore
import MeterwatchStore

/// A store whose readings have not reached the one the engine reads: a central's own SQLite file,
/// written by `import readings` and moved into PostgreSQL only by `serve` or `db copy-to-postgres`.
/// An empty answer then says where the readings are, instead of a bare "no data".
///
/// ```swift
/// var engine = ComparisonEngine(config: config, store: postgres, now: now)
/// engine.unforwarded = UnforwardedReadings(file: "edge.sqlite", store: sqlite)
/// ```
public struct UnforwardedReadings: Sendable {
    public var file: String
    public var store: any ReadingStore

    public init(file: String, store: any ReadingStore) {
        self.file = file
        self.store = store
    }

    /// Readings (and intervals) of `keys` in `[from, to)` held here.
    func count(_ keys: [SeriesKey], from: Int64, to: Int64) throws -> Int {
        guard from < to else { return 0 }
        var n = 0
        for key in keys {
            guard let info = try store.series(key) else { continue }
            if info.kind == .intervalTotal {
                n += try store.intervalTotals(series: info.id, from: from, to: to).count
            } else {
                n += try store.totals(series: [info.id], from: from, to: to).count
            }
        }
        return n
    }
}
