import GRDB
import GRDBSQLite
import MeterwatchCore

/// A prepared statement driven through SQLite's C API, for the two hot paths (sample insert and
/// sample scans) where GRDB's argument and row boxing would cost a third of ingest throughput.
/// Lives only inside one database access closure.
final class RawStatement {
    let handle: OpaquePointer
    let connection: OpaquePointer

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection!
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)), sql: sql) }
        handle = stmt
    }

    deinit { sqlite3_finalize(handle) }

    @inline(__always) func bind(_ index: Int32, _ v: Int64) { sqlite3_bind_int64(handle, index, v) }
    @inline(__always) func bind(_ index: Int32, _ v: Double) { sqlite3_bind_double(handle, index, v) }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func run() throws -> Int32 {
        let rc = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard rc == SQLITE_DONE else { throw error(rc) }
        return sqlite3_changes(connection)
    }

    /// Steps through `(ts, value)` rows.
    func samples() throws -> [Sample] {
        var out: [Sample] = []
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_ROW {
                out.append(Sample(ms: sqlite3_column_int64(handle, 0), value: sqlite3_column_double(handle, 1)))
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

    private func error(_ rc: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(connection)))
    }
}
