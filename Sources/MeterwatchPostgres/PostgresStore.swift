import Foundation
import Logging
import MeterwatchCore
import MeterwatchStore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// The central store on PostgreSQL: the same readings, rollups (with coverage) and figures as the
/// embedded SQLite store, for a deployment of many buildings.
///
/// Calls block on the connection's event loop (`EventLoopFuture.wait()`), like SQLite calls block on
/// the disk: callers run them on their own threads, never on Swift's cooperative pool or an event loop.
public final class PostgresStore: ReadingStore, Sendable {
    public let calendar: LocalCalendar
    public let address: PostgresAddress
    /// Bounds the times a write may carry (a day past now at most), as the SQLite store's clock does.
    let clock: any TimeSource
    let group: MultiThreadedEventLoopGroup
    let connections: PostgresConnectionPool
    let logger: Logger
    /// Months whose partitions exist (created by this process or found).
    let knownMonths = Mutex<Set<Int64>>([])
    let closed = Atomic<Bool>(false)
    /// Statements sent so far: round trips are what a remote store costs (the bench reports them).
    let sent = Atomic<Int>(0)
    /// Series id → building, for the keys' leading column (`sites(of:)`).
    let seriesSites = Mutex<[Int64: String]>([:])
    public var statementsSent: Int { sent.load(ordering: .relaxed) }
    /// Readings a batch's recompute fetches beyond each side of its write, in units of a series'
    /// context (`glitchWindow` + 1): enough for `IncrementalRollups` to find what it reads in memory.
    /// 0 sends every read to the database, one statement each (tests compare both ways).
    public let prefetchContexts = Atomic<Int>(4)

    /// Connects and creates or checks the schema.
    public init(
        address: PostgresAddress, calendar: LocalCalendar, clock: any TimeSource = SystemClock(),
        logger: Logger = Logger(label: "meterwatch.postgres")
    ) throws {
        self.address = address
        self.clock = clock
        self.calendar = calendar
        self.logger = logger
        let configuration: PostgresConnection.Configuration
        do { configuration = try address.configuration() } catch {
            throw PostgresStoreError.unreachable(address.description, reason: "TLS: \(Self.reason(error))")
        }
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        connections = PostgresConnectionPool(
            configuration: configuration, eventLoop: group.next(), logger: logger, size: Self.connectionsPerStore)
        // The first connection now: a wrong address or a server that is down fails the command here.
        do {
            connections.release(try connections.lease())
        } catch {
            try? group.syncShutdownGracefully()
            throw PostgresStoreError.unreachable(address.description, reason: Self.reason(error))
        }
        do {
            try migrate()
        } catch {
            close()
            throw error
        }
    }

    /// Closes the connection (once; again is a no-op); the store is unusable afterwards.
    public func close() {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        connections.closeAll()
        try? group.syncShutdownGracefully()
    }

    /// A store dropped without `close()` (a command's end) still closes its connection.
    deinit { close() }

    // MARK: Statements

    /// Connections one store opens at most: a server's concurrent requests each borrow one.
    static let connectionsPerStore = 8

    /// The connection of the transaction this thread is in, if any (`transaction`).
    var transactionConnection: PostgresConnection? {
        Thread.current.threadDictionary[transactionKey] as? PostgresConnection
    }
    var transactionKey: String { "meterwatch.postgres.\(ObjectIdentifier(self).hashValue)" }

    @discardableResult
    func run(_ what: String, _ query: PostgresQuery) throws -> PostgresQueryResult {
        sent.add(1, ordering: .relaxed)
        if let connection = transactionConnection {
            return try send(query, what, on: connection)
        }
        let connection: PostgresConnection
        do { connection = try connections.lease() } catch {
            throw PostgresStoreError.unreachable(address.description, reason: Self.reason(error))
        }
        defer { connections.release(connection) }
        return try send(query, what, on: connection)
    }

    func send(_ query: PostgresQuery, _ what: String, on connection: PostgresConnection) throws -> PostgresQueryResult {
        do {
            return try connection.query(query, logger: logger).wait()
        } catch {
            // The session went away (a restart, the network): the next statement connects again.
            if connection.isClosed { throw PostgresStoreError.unreachable(address.description, reason: Self.reason(error)) }
            throw PostgresStoreError.query(what, reason: Self.reason(error))
        }
    }

    @discardableResult
    func run(_ what: String, sql: String, _ fill: (inout PostgresBindings) throws -> Void = { _ in }) throws -> PostgresQueryResult {
        var binds = PostgresBindings()
        try fill(&binds)
        return try run(what, PostgresQuery(unsafeSQL: sql, binds: binds))
    }

    /// The server's own message (`PSQLError` hides it from `description`).
    static func reason(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return message }
            return "\(e.code)" + (e.underlying.map { ": \($0)" } ?? "")
        }
        return "\(error)"
    }

    /// The schema version the database holds, nil when it has none yet.
    func schemaVersion() throws -> Int? {
        let exists = try run("the schema version", sql: "SELECT to_regclass('meterwatch_meta') IS NOT NULL").first?.decode(Bool.self)
        guard exists == true else { return nil }
        return try run("the schema version", sql: "SELECT value FROM meterwatch_meta WHERE key = 'schema'").first
            .map { Int(try $0.decode(String.self)) ?? 0 }
    }

    func migrate() throws {
        // A current schema needs no statement that writes: a read-only standby opens too.
        switch try schemaVersion() {
        case .some(PostgresSchema.version): return
        case .some(let found) where found > PostgresSchema.version:
            throw PostgresStoreError.newerSchema(found: found, known: PostgresSchema.version)
        default: break
        }
        // One transaction, under a lock released with it: two processes starting together migrate once.
        try transaction("the schema") {
            try run("the schema", sql: "SELECT pg_advisory_xact_lock(427815)")
            for statement in PostgresSchema.statements {
                try run("the schema", sql: statement)
            }
            let found = try schemaVersion()
            if let found, found > PostgresSchema.version {
                throw PostgresStoreError.newerSchema(found: found, known: PostgresSchema.version)
            }
            if found == nil {
                try run("the schema version", sql: "INSERT INTO meterwatch_meta(key, value) VALUES ('schema', $1)") {
                    $0.append(String(PostgresSchema.version))
                }
            } else if let found, found < PostgresSchema.version {
                try run("the schema version", sql: "UPDATE meterwatch_meta SET value = $1 WHERE key = 'schema'") {
                    $0.append(String(PostgresSchema.version))
                }
            }
        }
    }

    /// Creates the monthly partitions `[from, to]` needs in the partitioned tables.
    func ensurePartitions(from: Int64, to: Int64) throws {
        let missing = PostgresSchema.monthStarts(from: from, to: to).filter { month in !knownMonths.withLock { $0.contains(month) } }
        guard !missing.isEmpty else { return }
        // Under a lock: two writers creating the same month at once would otherwise collide.
        try transaction("partitions") {
            try run("partitions", sql: "SELECT pg_advisory_xact_lock(427816)")
            for month in missing {
                for table in PostgresSchema.partitioned {
                    try run("a partition of \(table)", sql: PostgresSchema.partition(of: table, monthStart: month))
                }
            }
        }
        knownMonths.withLock { $0.formUnion(missing) }
    }
}
