import GRDB
import MeterwatchCore

extension MeterStore {
    static func user(_ row: Row) -> UserAccount {
        UserAccount(
            name: row["name"], passwordHash: row["password_hash"], role: row["role"], site: row["site"], createdAtMs: row["created_at"],
            disabled: row["disabled"])
    }

    /// Adds a local account; throws `StoreError.duplicateUser` when the name is taken.
    public func addUser(_ u: UserAccount) throws {
        try pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM user_account WHERE name = ?", arguments: [u.name]) == 0 else {
                throw StoreError.duplicateUser(u.name)
            }
            try db.execute(
                sql: "INSERT INTO user_account(name, password_hash, role, site, created_at, disabled) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [u.name, u.passwordHash, u.role, u.site, u.createdAtMs, u.disabled])
        }
    }

    public func user(name: String) throws -> UserAccount? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM user_account WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    public func users() throws -> [UserAccount] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM user_account ORDER BY name").map(Self.user) }
    }

    /// Changes a user's role and building; false when there is no such user.
    @discardableResult
    public func setUserRole(name: String, role: String, site: String?) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE user_account SET role = ?, site = ? WHERE name = ?", arguments: [role, site, name])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func setUserPassword(name: String, hash: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "UPDATE user_account SET password_hash = ? WHERE name = ?", arguments: [hash, name])
            return db.changesCount > 0
        }
    }

    @discardableResult
    public func removeUser(name: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM user_account WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }
}
