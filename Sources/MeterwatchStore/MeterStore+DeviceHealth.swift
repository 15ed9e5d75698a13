import GRDB

/// A device-health snapshot as the collector stored it.
public struct StoredDeviceHealth: Sendable, Hashable {
    public var meter: String
    /// JSON written by the collector (the store does not interpret it).
    public var document: String
    public var updatedAtMs: Int64
    public init(meter: String, document: String, updatedAtMs: Int64) { self.meter = meter; self.document = document; self.updatedAtMs = updatedAtMs }
}

extension MeterStore {
    /// Replaces the health documents of the given meters in one transaction.
    public func saveDeviceHealth(_ items: [StoredDeviceHealth]) throws {
        guard !items.isEmpty else { return }
        try pool.write { db in
            for h in items {
                try db.execute(sql: "INSERT OR REPLACE INTO device_health(meter, document, updated_at) VALUES (?, ?, ?)",
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
