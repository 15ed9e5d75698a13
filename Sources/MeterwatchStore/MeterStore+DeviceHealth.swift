import GRDB

extension MeterStore {
    /// Replaces the health documents of the given meters in one transaction.
    public func saveDeviceHealth(_ items: [StoredDeviceHealth]) throws {
        guard !items.isEmpty else { return }
        try pool.write { db in
            for h in items {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO device_health(meter, document, updated_at) VALUES (?, ?, ?)",
                    arguments: [h.meter, h.document, h.updatedAtMs])
            }
        }
    }

    public func deviceHealth() throws -> [StoredDeviceHealth] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT meter, document, updated_at FROM device_health ORDER BY meter").map {
                StoredDeviceHealth(meter: $0["meter"], document: $0["document"], updatedAtMs: $0["updated_at"])
            }
        }
    }
}
