import GRDB

extension MeterStore {
    /// Replaces the health documents of the given meters in one transaction (what the central
    /// was last sent of each is kept: `MeterStore+EdgeForwarding`).
    public func saveDeviceHealth(_ items: [StoredDeviceHealth]) throws {
        guard !items.isEmpty else { return }
        try pool.write { db in
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO device_health(meter, document, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(meter) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """)
            for h in items {
                try upsert.execute(arguments: [h.meter, h.document, h.updatedAtMs])
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
