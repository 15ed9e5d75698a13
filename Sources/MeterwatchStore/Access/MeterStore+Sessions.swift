import GRDB
import MeterwatchCore

extension MeterStore {
    static let sessionColumns = """
        id_hash, user, display_name, role, site, source, scopes, csrf, created_at, last_seen, expires_at, revoked_at, address, id_token
        """

    static func session(_ row: Row) -> StoredSession {
        StoredSession(
            idHash: row["id_hash"], user: row["user"], displayName: row["display_name"], role: row["role"], site: row["site"],
            source: row["source"], scopes: row["scopes"], csrf: row["csrf"], createdAtMs: row["created_at"], lastSeenAtMs: row["last_seen"],
            expiresAtMs: row["expires_at"], revokedAtMs: row["revoked_at"], address: row["address"], idToken: row["id_token"])
    }

    public func createSession(_ s: StoredSession) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO session(\(Self.sessionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    s.idHash, s.user, s.displayName, s.role, s.site, s.source, s.scopes, s.csrf, s.createdAtMs, s.lastSeenAtMs,
                    s.expiresAtMs, s.revokedAtMs, s.address, s.idToken,
                ])
        }
    }

    public func session(idHash: String) throws -> StoredSession? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.sessionColumns) FROM session WHERE id_hash = ?", arguments: [idHash]).map(Self.session)
        }
    }

    /// Marks a session used now (its idle timeout restarts).
    public func touchSession(idHash: String, at ms: Int64) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE session SET last_seen = ? WHERE id_hash = ? AND last_seen < ?", arguments: [ms, idHash, ms])
        }
    }

    /// Revokes a session (sign-out, or an admin's revocation); true when one was live.
    @discardableResult
    public func revokeSession(idHash: String, at ms: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE session SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL", arguments: [ms, idHash])
            return db.changesCount > 0
        }
    }

    /// Revokes every live session of a user; how many.
    @discardableResult
    public func revokeSessions(user: String, at ms: Int64) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE session SET revoked_at = ? WHERE user = ? AND revoked_at IS NULL", arguments: [ms, user])
            return db.changesCount
        }
    }

    /// Sessions not revoked nor expired at `ms`, newest first.
    public func liveSessions(at ms: Int64) throws -> [StoredSession] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.sessionColumns) FROM session WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC",
                arguments: [ms]
            ).map(Self.session)
        }
    }

    /// Forgets sessions that ended more than a day before `ms`.
    public func pruneSessions(before ms: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "DELETE FROM session WHERE expires_at < ? OR (revoked_at IS NOT NULL AND revoked_at < ?)", arguments: [ms, ms])
        }
    }
}
