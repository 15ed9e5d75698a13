import Foundation
import GRDB
import MeterwatchCore
import Synchronization

/// The time-series store: one SQLite file in WAL mode, holding raw samples, interval totals,
/// counter events and rollups at 15 minutes, hour, day and month in the site's time zone.
///
/// ```swift
/// let store = try MeterStore(path: "meterwatch.sqlite", calendar: LocalCalendar(timeZone: "Asia/Taipei"))
/// let power = try store.ensureSeries(SeriesKey(meter: "hall-power", quantity: .energyImport), kind: .counter, unit: "kWh")
/// try store.append([power.id: [Sample(ms: t0, value: 1000), Sample(ms: t1, value: 1001.5)]])
/// let days = try store.rollups(series: power.id, resolution: .day, from: a, to: b)
/// ```
/// With `MeterwatchPostgres`, the only module that writes SQL. Every write is one transaction: when `append`
/// returns, the batch and its rollups are committed (and survive a killed process).
public final class MeterStore: Sendable {
    public let path: String
    public let calendar: LocalCalendar
    /// Stamps bookkeeping rows and bounds what the store accepts (see `acceptedTimes`).
    public let clock: any TimeSource
    let pool: DatabasePool
    /// A read-only connection used only for `generation()`.
    let generationQueue: DatabaseQueue
    /// What opening the file upgraded, when it was written by an older version.
    public let upgrade: StoreUpgrade?
    /// Readings per series kept unsealed before they are compressed into chunks (0: none).
    let headLimit: Int
    /// Readings a series' head holds before they are sealed into chunks: a few kilobytes per
    /// series, and one re-encoding of the newest chunk per this many live readings.
    public static let defaultHeadLimit = 256

    /// Opens (creating and migrating as needed) the store at `path`. Rollups are kept in the
    /// calendar's time zone; opening with another zone rebuilds them (and says so on stderr).
    /// `busyTimeout`: how long a write waits for another writer (another process) before failing.
    /// `headLimit`: readings per series held uncompressed before they are sealed into a chunk (0
    /// seals every write at once, as versions before the head did; benchmarks compare the two).
    public init(
        path: String, calendar: LocalCalendar, busyTimeout: Double = 10, clock: any TimeSource = SystemClock(),
        headLimit: Int = MeterStore.defaultHeadLimit
    ) throws {
        self.path = path
        self.headLimit = max(0, headLimit)
        self.calendar = calendar
        self.clock = clock
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // WAL + NORMAL: a committed transaction survives a killed process; only a power loss
            // may drop the last transactions, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32000")
        }
        pool = try DatabasePool(path: path, configuration: config)
        upgrade = try Self.migrate(pool, path: path)
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(busyTimeout)
        generationQueue = try DatabaseQueue(path: path, configuration: readOnly)
        let stored = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'timezone'") }
        if stored == nil {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('timezone', ?)", arguments: [calendar.timeZoneIdentifier])
            }
        } else if stored != calendar.timeZoneIdentifier {
            FileHandle.standardError.write(
                Data(
                    "meterwatch: the site's time zone changed from \(stored!) to \(calendar.timeZoneIdentifier); rebuilding rollups\n".utf8)
            )
            try rebuildRollups()
        }
    }

    /// Migrations that rewrite stored data (not only add tables): a copy of the file is taken
    /// before they run, so that an upgrade can always be undone.
    static let rewritingMigrations: Set<String> = ["v5-sample-chunks"]

    /// Applies pending migrations; before a rewriting one on a file that holds data, copies the
    /// file next to itself (`store.sqlite.before-v5-sample-chunks`) with SQLite's backup API.
    private static func migrate(_ pool: DatabasePool, path: String) throws -> StoreUpgrade? {
        let migrator = Self.migrator
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        let pending = migrator.migrations.filter { !applied.contains($0) }
        guard !applied.isEmpty, let target = pending.last else {
            try migrator.migrate(pool)
            return nil
        }
        let from = migrator.migrations.last(where: applied.contains) ?? "none"
        var backup: String?
        if let rewriting = pending.first(where: rewritingMigrations.contains) {
            let copy = "\(path).before-\(rewriting)"
            if !FileManager.default.fileExists(atPath: copy) {
                try pool.backup(to: try DatabaseQueue(path: copy))
            }
            backup = copy
        }
        try migrator.migrate(pool)
        return StoreUpgrade(from: from, to: target, backupPath: backup)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-timeseries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE series(
                        id INTEGER PRIMARY KEY,
                        meter TEXT NOT NULL,
                        quantity TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        rules TEXT NOT NULL,
                        pruned_before INTEGER,
                        created_at INTEGER NOT NULL,
                        UNIQUE(meter, quantity));
                    -- Raw readings: (series, UTC milliseconds) → value. No rowid: the key is the row.
                    CREATE TABLE sample(
                        series INTEGER NOT NULL,
                        ts INTEGER NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY(series, ts)) WITHOUT ROWID;
                    -- Values over [start, end): bills, refuels.
                    CREATE TABLE interval_total(
                        series INTEGER NOT NULL,
                        start INTEGER NOT NULL,
                        end INTEGER NOT NULL,
                        value REAL NOT NULL,
                        PRIMARY KEY(series, start, end)) WITHOUT ROWID;
                    -- resolution: 0 = 15 min, 1 = hour, 2 = day, 3 = month (local time).
                    CREATE TABLE rollup(
                        series INTEGER NOT NULL,
                        resolution INTEGER NOT NULL,
                        start INTEGER NOT NULL,
                        end INTEGER NOT NULL,
                        value REAL NOT NULL,
                        estimated REAL NOT NULL,
                        min REAL,
                        max REAL,
                        count INTEGER NOT NULL,
                        observed INTEGER NOT NULL,
                        PRIMARY KEY(series, resolution, start)) WITHOUT ROWID;
                    CREATE TABLE counter_event(
                        id INTEGER PRIMARY KEY,
                        series INTEGER NOT NULL REFERENCES series(id),
                        ts INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        old_final REAL,
                        new_initial REAL,
                        note TEXT,
                        recorded_at INTEGER NOT NULL);
                    CREATE INDEX counter_event_series_ts ON counter_event(series, ts);
                    """)
        }
        m.registerMigration("v2-fuel-kpi") { db in
            try db.execute(
                sql: """
                    -- One row per refuel, as imported; litres also land in the vehicle's fuel series.
                    CREATE TABLE refuel(
                        id INTEGER PRIMARY KEY,
                        vehicle TEXT NOT NULL,
                        day TEXT NOT NULL,
                        fuel TEXT NOT NULL,
                        litres REAL NOT NULL,
                        amount REAL,
                        odometer REAL,
                        station TEXT,
                        source TEXT,
                        UNIQUE(vehicle, day, litres));
                    -- KPI actual values entered by people, with who and when.
                    CREATE TABLE kpi_actual(
                        kpi TEXT NOT NULL,
                        period TEXT NOT NULL,
                        actual REAL NOT NULL,
                        entered_by TEXT NOT NULL,
                        entered_at INTEGER NOT NULL,
                        note TEXT,
                        PRIMARY KEY(kpi, period));
                    """)
        }
        m.registerMigration("v3-device-health") { db in
            try db.execute(
                sql: """
                    -- The collector's latest view of each device (a JSON document per meter), so that
                    -- `meterwatch devices` and the API can show health without talking to the collector.
                    CREATE TABLE device_health(
                        meter TEXT PRIMARY KEY,
                        document TEXT NOT NULL,
                        updated_at INTEGER NOT NULL);
                    """)
        }
        m.registerMigration("v4-alerts") { db in
            try db.execute(
                sql: """
                    -- One row per alert (a rule firing for one subject); at most one active per rule and subject.
                    CREATE TABLE alert(
                        id INTEGER PRIMARY KEY,
                        rule TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        meter TEXT NOT NULL,
                        type TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        state TEXT NOT NULL,
                        started_at INTEGER NOT NULL,
                        fired_at INTEGER,
                        resolved_at INTEGER,
                        updated_at INTEGER NOT NULL,
                        clear_since INTEGER,
                        last_notified_at INTEGER,
                        value REAL,
                        threshold REAL,
                        unit TEXT NOT NULL,
                        message_en TEXT NOT NULL,
                        message_zh TEXT NOT NULL,
                        details TEXT NOT NULL,
                        acked_by TEXT,
                        acked_at INTEGER,
                        ack_comment TEXT);
                    CREATE UNIQUE INDEX alert_active ON alert(rule, subject) WHERE state IN ('pending', 'firing');
                    CREATE INDEX alert_state ON alert(state, id);
                    -- Every transition and acknowledgement, for the alert's history.
                    CREATE TABLE alert_event(
                        id INTEGER PRIMARY KEY,
                        alert INTEGER NOT NULL REFERENCES alert(id),
                        ts INTEGER NOT NULL,
                        event TEXT NOT NULL,
                        value REAL,
                        note TEXT);
                    CREATE INDEX alert_event_alert ON alert_event(alert, id);
                    -- The notification outbox and delivery log: written in the transaction that changes the
                    -- alert, so a crash neither loses a notification nor sends it twice from our side.
                    CREATE TABLE alert_delivery(
                        id INTEGER PRIMARY KEY,
                        alert INTEGER NOT NULL REFERENCES alert(id),
                        event TEXT NOT NULL,
                        webhook TEXT NOT NULL,
                        body TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at INTEGER NOT NULL,
                        http_status INTEGER,
                        last_error TEXT,
                        delivered_at INTEGER);
                    CREATE INDEX alert_delivery_due ON alert_delivery(status, next_attempt_at);
                    """)
        }
        // Raw readings as compressed chunks (`SampleChunks`): 29 bytes a reading become about 1.5.
        // Idempotent, so that a store whose migration was interrupted finishes it.
        m.registerMigration("v5-sample-chunks") { db in
            // The head table too: the rows are moved with the merge that later writes use.
            try db.execute(sql: SampleChunks.schema + SampleChunks.headSchema)
            if try db.tableExists("sample") {
                try SampleChunks.migrateRows(db)
            }
        }
        // The unsealed head of each series (`SampleChunks`): live writes append rows instead of
        // re-encoding the newest chunk.
        m.registerMigration("v6-sample-head") { db in
            try db.execute(sql: SampleChunks.headSchema)
        }
        // Edge forwarding (`MeterStore+Forwarding`): the writes the central has not acknowledged, a
        // range of one series each; written only while forwarding is on.
        m.registerMigration("v7-forward-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE change_log(
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        series INTEGER NOT NULL,
                        intervals INTEGER NOT NULL,
                        from_ms INTEGER NOT NULL,
                        to_ms INTEGER NOT NULL,
                        recorded_at INTEGER NOT NULL);
                    """)
        }
        // Alerts forwarded by the buildings' edges (`MeterStore+AlertForwarding`): the edge's alert
        // id to the central's, and the last history entry taken.
        m.registerMigration("v8-forwarded-alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE forwarded_alert(
                        site TEXT NOT NULL,
                        edge_id INTEGER NOT NULL,
                        alert INTEGER NOT NULL REFERENCES alert(id),
                        last_event INTEGER NOT NULL,
                        PRIMARY KEY(site, edge_id)) WITHOUT ROWID;
                    """)
        }
        // The rest of an edge's state (`MeterStore+EdgeForwarding`): deletions logged like writes,
        // the device health the central holds (sent again on a change of state or once a minute),
        // and at the central, the health of each building's devices. Each store gets an id, so that
        // a central tells a replaced edge's alerts from its predecessor's (alert ids start again).
        m.registerMigration("v9-forwarded-state") { db in
            try db.execute(
                sql: """
                    ALTER TABLE change_log ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE device_health ADD COLUMN forwarded_at INTEGER;
                    ALTER TABLE device_health ADD COLUMN forwarded_state TEXT;
                    CREATE TABLE forwarded_device_health(
                        site TEXT NOT NULL,
                        meter TEXT NOT NULL,
                        document TEXT NOT NULL,
                        updated_at INTEGER NOT NULL,
                        received_at INTEGER NOT NULL,
                        PRIMARY KEY(site, meter)) WITHOUT ROWID;
                    INSERT OR IGNORE INTO meta(key, value) VALUES ('store.id', lower(hex(randomblob(16))));
                    CREATE TABLE forwarded_alert_new(
                        site TEXT NOT NULL,
                        store TEXT NOT NULL,
                        edge_id INTEGER NOT NULL,
                        alert INTEGER NOT NULL REFERENCES alert(id),
                        last_event INTEGER NOT NULL,
                        PRIMARY KEY(site, store, edge_id)) WITHOUT ROWID;
                    INSERT INTO forwarded_alert_new SELECT site, '', edge_id, alert, last_event FROM forwarded_alert;
                    DROP TABLE forwarded_alert;
                    ALTER TABLE forwarded_alert_new RENAME TO forwarded_alert;
                    """)
        }
        m.registerMigration("v10-access") { db in
            try db.execute(
                sql: """
                    CREATE TABLE session(
                        id_hash TEXT PRIMARY KEY,
                        user TEXT NOT NULL,
                        display_name TEXT,
                        role TEXT NOT NULL,
                        site TEXT,
                        source TEXT NOT NULL,
                        scopes TEXT,
                        csrf TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        last_seen INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        revoked_at INTEGER,
                        address TEXT,
                        id_token TEXT) WITHOUT ROWID;
                    CREATE INDEX session_user ON session(user);
                    CREATE TABLE user_account(
                        name TEXT PRIMARY KEY,
                        password_hash TEXT NOT NULL,
                        role TEXT NOT NULL,
                        site TEXT,
                        created_at INTEGER NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
                    CREATE TABLE audit_event(
                        id INTEGER PRIMARY KEY,
                        at INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        role TEXT,
                        action TEXT NOT NULL,
                        target TEXT,
                        detail TEXT,
                        address TEXT,
                        result TEXT NOT NULL,
                        site TEXT,
                        store TEXT,
                        edge_id INTEGER);
                    CREATE INDEX audit_event_at ON audit_event(at);
                    CREATE UNIQUE INDEX audit_event_edge ON audit_event(site, store, edge_id) WHERE edge_id IS NOT NULL;
                    """)
        }
        return m
    }

    // MARK: What the store accepts

    /// 1900-01-01T00:00Z: no meter reading is older.
    public static let earliestAcceptedMs: Int64 = -2_208_988_800_000
    /// The longest interval total the store takes, whatever an entrance allows (ten years).
    public static let longestIntervalMs: Int64 = 3_660 * msPerDay

    /// The store's own last line of defence, below every entrance's plausibility check: nothing
    /// before 1900 or more than a day past the host's clock. A timestamp outside would make rollups
    /// span centuries (one reading dated 2502 once meant 21 M buckets).
    public func acceptedTimes() -> ClosedRange<Int64> {
        Self.earliestAcceptedMs...(clock.nowMs() + msPerDay)
    }

    // MARK: Series

    /// The series for `key`, created on first use. A series keeps its kind and unit forever;
    /// changed counter rules are saved and the series' rollups recomputed with them.
    @discardableResult
    public func ensureSeries(_ key: SeriesKey, kind: SeriesKind, unit: String, rules: CounterRules = CounterRules()) throws -> SeriesInfo {
        try pool.write { db in try self.ensureSeries(db, SeriesSpec(key: key, kind: kind, unit: unit, rules: rules)) }
    }

    func ensureSeries(_ db: Database, _ spec: SeriesSpec) throws -> SeriesInfo {
        let rulesJSON = String(decoding: try JSONEncoder.sorted.encode(spec.rules), as: UTF8.self)
        if var existing = try Self.fetchSeries(db, key: spec.key) {
            guard existing.kind == spec.kind else {
                throw StoreError.kindMismatch(series: spec.key.description, stored: existing.kind, requested: spec.kind)
            }
            guard existing.unit == spec.unit else {
                throw StoreError.unitMismatch(series: spec.key.description, stored: existing.unit, requested: spec.unit)
            }
            if existing.rules != spec.rules {
                try db.execute(sql: "UPDATE series SET rules = ? WHERE id = ?", arguments: [rulesJSON, existing.id])
                existing.rules = spec.rules
                if existing.kind == .counter || existing.kind == .gauge || existing.kind == .state,
                    case let extent = try SampleChunks.extent(db, series: existing.id), let lo = extent.first, let hi = extent.last
                {
                    try recomputeSampleRollups(db, existing, from: lo, to: hi)
                }
            }
            return existing
        }
        try db.execute(
            sql: "INSERT INTO series(meter, quantity, kind, unit, rules, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [spec.key.meter, spec.key.quantity.name, spec.kind.rawValue, spec.unit, rulesJSON, clock.nowMs()])
        return SeriesInfo(id: db.lastInsertedRowID, key: spec.key, kind: spec.kind, unit: spec.unit, rules: spec.rules, prunedBefore: nil)
    }

    /// Writes readings and interval totals for series described by specs (created as needed) in
    /// one transaction: either all of it is stored, or nothing.
    @discardableResult
    public func ingest(samples: [SeriesSpec: [Sample]] = [:], intervals: [SeriesSpec: [IntervalTotal]] = [:]) throws -> IngestReport {
        try pool.write { db in
            var report = IngestReport()
            var sampleBatch: [Int64: [Sample]] = [:]
            for (spec, list) in samples { sampleBatch[try ensureSeries(db, spec).id, default: []] += list }
            var intervalBatch: [Int64: [IntervalTotal]] = [:]
            for (spec, list) in intervals { intervalBatch[try ensureSeries(db, spec).id, default: []] += list }
            report += try append(sampleBatch, db: db)
            report += try appendIntervals(intervalBatch, db: db)
            return report
        }
    }

    public func series(_ key: SeriesKey) throws -> SeriesInfo? {
        try pool.read { db in try Self.fetchSeries(db, key: key) }
    }

    public func series(id: Int64) throws -> SeriesInfo? {
        try pool.read { db in try Self.fetchSeries(db, sql: "WHERE id = ?", [id]).first }
    }

    public func allSeries() throws -> [SeriesInfo] {
        try pool.read { db in try Self.fetchSeries(db, sql: "ORDER BY meter, quantity", []) }
    }

    /// Counter rules from their stored JSON, decoded once per distinct text (every read of the
    /// series table would otherwise run a JSON decoder per series).
    static let decodedRules = Mutex<[String: CounterRules]>([:])

    static func rules(_ text: String) -> CounterRules {
        if let known = decodedRules.withLock({ $0[text] }) {
            return known
        }
        let decoded = (try? JSONDecoder().decode(CounterRules.self, from: Data(text.utf8))) ?? CounterRules()
        decodedRules.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[text] = decoded
        }
        return decoded
    }

    static func fetchSeries(_ db: Database, key: SeriesKey) throws -> SeriesInfo? {
        try fetchSeries(db, sql: "WHERE meter = ? AND quantity = ?", [key.meter, key.quantity.name]).first
    }

    static func fetchSeries(_ db: Database, sql: String, _ args: [any DatabaseValueConvertible]) throws -> [SeriesInfo] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT id, meter, quantity, kind, unit, rules, pruned_before FROM series \(sql)"),
            arguments: StatementArguments(args)
        ).map { row in
            let rulesText: String = row["rules"]
            return SeriesInfo(
                id: row["id"], key: SeriesKey(meter: row["meter"], quantity: Quantity(row["quantity"] as String)),
                kind: SeriesKind(rawValue: row["kind"]) ?? .gauge, unit: row["unit"],
                rules: rules(rulesText),
                prunedBefore: row["pruned_before"])
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
