import GRDB
import Synchronization

extension MeterStore {
    /// A number that changes whenever anything is committed to the store, by this process or
    /// another (the collector, an import, `meterwatch kpi set`): caches of answers key on it, so
    /// a cached answer is never staler than the last write.
    ///
    /// SQLite's `data_version` on a connection that never writes changes with every commit made
    /// through any other connection; the store keeps one such connection for it.
    public func generation() throws -> Int64 {
        try generationQueue.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }
}
