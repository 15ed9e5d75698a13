import GRDB
import GRDBSQLite
import MeterwatchCore

/// A prepared statement driven through SQLite's C API, for the two hot paths (sample insert and
/// sample scans) where GRDB's argument and row boxing would cost a third of ingest throughput.
/// Lives only inside one database access closure. The statement comes from GRDB's per-connection
/// cache, so it is prepared once per connection, not once per batch.
final class RawStatement {
    let statement: Statement
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection!
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    @inline(__always) func bind(_ index: Int32, _ v: Int64) { sqlite3_bind_int64(handle, index, v) }
    @inline(__always) func bind(_ index: Int32, _ v: Double) { sqlite3_bind_double(handle, index, v) }
    @inline(__always) func bind(_ index: Int32, _ v: Double?) {
        if let v { sqlite3_bind_double(handle, index, v) } else { sqlite3_bind_null(handle, index) }
    }

    @inline(__always) func bind(_ index: Int32, _ bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { raw in
            sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    /// Calls `body` with the first column of every row as bytes (blobs); `body` returns false to stop.
    func forEachBlob(_ body: ([UInt8]) throws -> Bool) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW {
                let n = Int(sqlite3_column_bytes(handle, 0))
                let bytes: [UInt8]
                if n > 0, let p = sqlite3_column_blob(handle, 0) {
                    bytes = Array(UnsafeRawBufferPointer(start: p, count: n))
                } else {
                    bytes = []
                }
                guard try body(bytes) else { return }
            } else if rc == SQLITE_DONE {
                return
            } else {
                throw error(rc)
            }
        }
    }

    /// Steps through rollup rows `(start, end, value, estimated, min, max, count, observed)`.
    func rollups() throws -> [RollupBucket] {
        try rows { h in
            func optional(_ i: Int32) -> Double? { sqlite3_column_type(h, i) == SQLITE_NULL ? nil : sqlite3_column_double(h, i) }
            return RollupBucket(
                start: sqlite3_column_int64(h, 0), end: sqlite3_column_int64(h, 1),
                value: sqlite3_column_double(h, 2), estimated: sqlite3_column_double(h, 3),
                min: optional(4), max: optional(5), count: Int(sqlite3_column_int64(h, 6)),
                observedMs: sqlite3_column_int64(h, 7))
        }
    }

    /// Steps through `(ts, value)` rows.
    func samples() throws -> [Sample] {
        try rows { h in Sample(ms: sqlite3_column_int64(h, 0), value: sqlite3_column_double(h, 1)) }
    }

    /// Calls `body` for every `(ts, value)` row without collecting them (whole-series scans).
    func forEachSample(_ body: (Sample) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW {
                try body(Sample(ms: sqlite3_column_int64(handle, 0), value: sqlite3_column_double(handle, 1)))
            } else if rc == SQLITE_DONE {
                return
            } else {
                throw error(rc)
            }
        }
    }

    /// Steps through every row, decoding each with `decode`, then resets the statement.
    private func rows<T>(_ decode: (OpaquePointer) -> T) throws -> [T] {
        var out: [T] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW {
                out.append(decode(handle))
            } else if rc == SQLITE_DONE {
                break
            } else {
                sqlite3_reset(handle)
                throw error(rc)
            }
        }
        sqlite3_reset(handle)
        return out
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run() throws -> Int32 {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else { throw error(rc) }
        return sqlite3_changes(connection)
    }

    private func error(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
    }
}
