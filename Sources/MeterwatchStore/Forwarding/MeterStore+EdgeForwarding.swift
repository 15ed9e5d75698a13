import Foundation
import GRDB
import MeterwatchCore

/// The rest of what an edge forwards besides readings and alerts: its fuel log's rows (after the
/// cursor `forward.refuel`, so that the central's fuel figures count the same refuels) and its
/// devices' health (each document the central does not hold yet, sent again when the state changes
/// or once `resendAfterMs` newer). The central keeps the devices' health in `forwarded_device_health`.
extension MeterStore {
    /// Fuel log rows the central has not acknowledged, oldest first; empty while forwarding is off.
    public func pendingRefuelForwards(limit: Int) throws -> [ForwardRefuel] {
        try pool.read { db in
            guard try Self.forwarding(db) else { return [] }
            let cursor = Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'forward.refuel'") ?? "") ?? 0
            return try Row.fetchAll(
                db,
                sql: "SELECT id, vehicle, day, fuel, litres, amount, odometer, station FROM refuel WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [cursor, limit]
            ).compactMap { row in
                Self.refuel(row).map { ForwardRefuel(id: row["id"], refuel: $0) }
            }
        }
    }

    /// Records that the central holds every fuel log row up to `id`.
    public func acknowledgeForwardedRefuels(through id: Int64) throws {
        try pool.write { db in try Self.setMeta(db, "forward.refuel", "\(id)") }
    }

    /// Stores fuel log rows forwarded by the building keeping the fleet, each once (same vehicle, day
    /// and litres), without touching the cars' series: those come forwarded as interval totals.
    /// Returns the rows added.
    @discardableResult
    public func addForwardedRefuels(_ refuels: [Refuel]) throws -> Int {
        guard !refuels.isEmpty else { return 0 }
        return try pool.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO refuel(vehicle, day, fuel, litres, amount, odometer, station, source)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'forward')
                    """)
            var added = 0
            for r in refuels {
                try insert.execute(arguments: [r.vehicle, r.day.description, r.fuel.rawValue, r.litres, r.amount, r.odometer, r.station])
                added += db.changesCount
            }
            return added
        }
    }

    /// Device health documents the central should be sent: never sent, or changed since in state, or
    /// `resendAfterMs` newer than the one it holds. Empty while forwarding is off.
    public func pendingDeviceHealthForwards(resendAfterMs: Int64) throws -> [ForwardDevice] {
        try pool.read { db in
            guard try Self.forwarding(db) else { return [] }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT document, updated_at, forwarded_at, forwarded_state FROM device_health
                    WHERE forwarded_at IS NULL OR forwarded_at != updated_at ORDER BY meter
                    """)
            let decoder = JSONDecoder()
            return rows.compactMap { row in
                let updated: Int64 = row["updated_at"]
                guard let health = try? decoder.decode(DeviceHealth.self, from: Data((row["document"] as String).utf8)) else { return nil }
                if let sent: Int64 = row["forwarded_at"], row["forwarded_state"] == health.state.rawValue,
                    abs(updated - sent) < resendAfterMs
                {
                    return nil
                }
                return ForwardDevice(health: health, updatedAtMs: updated)
            }
        }
    }

    /// Records which document of each device the central now holds.
    public func acknowledgeForwardedDeviceHealth(_ sent: [ForwardDevice]) throws {
        guard !sent.isEmpty else { return }
        try pool.write { db in
            for d in sent {
                try db.execute(
                    sql: "UPDATE device_health SET forwarded_at = ?, forwarded_state = ? WHERE meter = ?",
                    arguments: [d.updatedAtMs, d.health.state.rawValue, d.health.meter])
            }
        }
    }

    /// Keeps the device health documents building `site` forwarded; an older document than the one
    /// held (a batch sent again) changes nothing.
    public func mergeForwardedDeviceHealth(_ devices: [ForwardDevice], site: String, receivedAtMs: Int64) throws {
        guard !devices.isEmpty else { return }
        let encoder = JSONEncoder.sorted
        try pool.write { db in
            for d in devices {
                let document = String(decoding: try encoder.encode(d.health), as: UTF8.self)
                try db.execute(
                    sql: """
                        INSERT INTO forwarded_device_health(site, meter, document, updated_at, received_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT(site, meter) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at,
                            received_at = excluded.received_at
                        WHERE excluded.updated_at >= forwarded_device_health.updated_at
                        """, arguments: [site, d.health.meter, document, d.updatedAtMs, receivedAtMs])
            }
        }
    }

    /// The device health documents the buildings' edges forwarded, by site and meter.
    public func forwardedDeviceHealth() throws -> [ReceivedDeviceHealth] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT site, meter, document, updated_at, received_at FROM forwarded_device_health ORDER BY site, meter"
            ).map {
                ReceivedDeviceHealth(
                    site: $0["site"],
                    stored: StoredDeviceHealth(meter: $0["meter"], document: $0["document"], updatedAtMs: $0["updated_at"]),
                    receivedAtMs: $0["received_at"])
            }
        }
    }
}
