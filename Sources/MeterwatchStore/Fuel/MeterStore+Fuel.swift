import Foundation
import GRDB
import MeterwatchCore

extension MeterStore {
    /// Vehicles are meters named `vehicle:PLATE`, with a `fuel_volume` series in litres.
    public static func vehicleMeter(_ plate: String) -> String { "vehicle:\(plate)" }

    /// Stores refuels in one transaction, skipping duplicates (same vehicle, day and litres) already
    /// stored. Each vehicle's litres per day become an interval total over that local day.
    /// Returns (inserted, duplicates).
    public func appendRefuels(_ refuels: [Refuel], source: String, rollingBack: Bool = false) throws -> (inserted: Int, duplicates: Int) {
        try transaction(rollingBack: rollingBack) { db in
            var inserted = 0
            var duplicates = 0
            var touched: [String: Set<CivilDate>] = [:]
            let insert = try db.cachedStatement(
                sql:
                    "INSERT OR IGNORE INTO refuel(vehicle, day, fuel, litres, amount, odometer, station, source) VALUES (?, ?, ?, ?, ?, "
                    + "?, ?, ?)"
            )
            for r in refuels {
                try insert.execute(arguments: [
                    r.vehicle, r.day.description, r.fuel.rawValue, r.litres, r.amount, r.odometer, r.station, source,
                ])
                if db.changesCount == 1 {
                    inserted += 1
                    touched[r.vehicle, default: []].insert(r.day)
                } else {
                    duplicates += 1
                }
            }
            for (vehicle, days) in touched {
                let spec = SeriesSpec(
                    key: SeriesKey(meter: Self.vehicleMeter(vehicle), quantity: .fuelVolume), kind: .intervalTotal, unit: "L")
                let info = try ensureSeries(db, spec)
                var totals: [IntervalTotal] = []
                for day in days {
                    let litres = try Double.fetchAll(
                        db, sql: "SELECT litres FROM refuel WHERE vehicle = ? AND day = ?", arguments: [vehicle, day.description])
                    totals.append(
                        IntervalTotal(
                            startMs: calendar.startOfDay(day), endMs: calendar.startOfDay(day.adding(days: 1)),
                            value: CompensatedSum(litres).value))
                }
                _ = try appendIntervals([info.id: totals], db: db)
            }
            return (inserted, duplicates)
        }
    }

    /// Refuels with `from <= day < to`, ordered by vehicle and day.
    public func refuels(from: CivilDate, to: CivilDate, vehicle: String? = nil) throws -> [Refuel] {
        try pool.read { db in
            var sql = "SELECT vehicle, day, fuel, litres, amount, odometer, station FROM refuel WHERE day >= ? AND day < ?"
            var args: [any DatabaseValueConvertible] = [from.description, to.description]
            if let vehicle {
                sql += " AND vehicle = ?"
                args.append(vehicle)
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY vehicle, day, odometer", arguments: StatementArguments(args)).compactMap(
                Self.refuel)
        }
    }

    /// A `refuel` row (vehicle, day, fuel, litres, amount, odometer, station); nil for a day no
    /// entrance would have stored.
    static func refuel(_ row: Row) -> Refuel? {
        guard let day = TimeParser.parseDate(row["day"], allowROC: false) else { return nil }
        return Refuel(
            day: day, vehicle: row["vehicle"], fuel: Refuel.Fuel(rawValue: row["fuel"]) ?? .petrol, litres: row["litres"],
            amount: row["amount"], odometer: row["odometer"], station: row["station"])
    }

    /// First and last day of the fleet's fuel log, if any refuel is stored.
    public func refuelLogSpan() throws -> (first: CivilDate, last: CivilDate)? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT MIN(day), MAX(day) FROM refuel"),
                let a: String = row[0], let b: String = row[1],
                let first = TimeParser.parseDate(a, allowROC: false), let last = TimeParser.parseDate(b, allowROC: false)
            else { return nil }
            return (first, last)
        }
    }
}

extension MeterStore {
    /// Sets (or replaces) a KPI's actual value for a period, keeping who entered it and when.
    public func setKPIActual(_ a: KPIActual) throws {
        guard a.actual.isFinite else { throw StoreError.nonFiniteValue(series: "kpi \(a.kpi)", ms: a.enteredAtMs) }
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO kpi_actual(kpi, period, actual, entered_by, entered_at, note) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [a.kpi, a.period, a.actual, a.enteredBy, a.enteredAtMs, a.note])
        }
    }

    public func kpiActual(kpi: String, period: String) throws -> KPIActual? {
        try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT kpi, period, actual, entered_by, entered_at, note FROM kpi_actual WHERE kpi = ? AND period = ?",
                arguments: [kpi, period]
            ).map {
                KPIActual(
                    kpi: $0["kpi"], period: $0["period"], actual: $0["actual"], enteredBy: $0["entered_by"], enteredAtMs: $0["entered_at"],
                    note: $0["note"])
            }
        }
    }

    public func kpiActuals() throws -> [KPIActual] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kpi, period, actual, entered_by, entered_at, note FROM kpi_actual ORDER BY kpi, period").map {
                KPIActual(
                    kpi: $0["kpi"], period: $0["period"], actual: $0["actual"], enteredBy: $0["entered_by"], enteredAtMs: $0["entered_at"],
                    note: $0["note"])
            }
        }
    }
}
