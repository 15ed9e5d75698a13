import Foundation
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore
import MeterwatchTariffs

/// What the server serves: the site, its store, the write tokens, the dashboards, and (when the
/// same process collects) the collector's live counters. Time comes from `clock`, so that tests
/// render pages at a chosen instant.
public struct ServerState: Sendable {
    /// The deployment's configuration, or one building's (`scoped(to:)`).
    public internal(set) var config: SiteConfig
    /// The process's own SQLite store: its collector's readings, alerts, device health, forwarding.
    public let store: MeterStore
    /// Where the buildings' readings are received and reported from: `store`, or the PostgreSQL
    /// central of a deployment with `storage.postgres`.
    public let central: any CentralStore
    public let calendar: LocalCalendar
    /// The API tokens (reloaded on SIGHUP).
    public let tokens: TokenRegistry
    /// Failed sign-ins and refused tokens per client (429 past `auth.failed_logins` a minute).
    let failures: FailedAttempts
    /// Heavy answers under way (503 past `server.limits.renders`).
    let renders: RenderGate
    /// Where the audit log is kept: the central's database when it has one, else the SQLite store.
    public let auditLog: any AuditLog
    /// Sign-ins with the identity provider under way (state, nonce and PKCE verifier).
    let logins = LoginAttempts()
    /// Uploads previewed and waiting for their commit.
    let uploads = UploadStaging()
    /// The identity provider (`auth.mode: oidc`).
    let provider: OIDCProvider?
    /// Open connections of the HTTP listener (`server.max_connections`).
    let connections: ConnectionCounter
    public let dashboards: DashboardSet
    public let clock: any TimeSource
    /// The collector's counters, nil when the server only serves a store (`--no-collect`).
    public let collectorStats: (@Sendable () -> CollectorStats)?
    let startedAtMs: Int64
    /// Rendered answers, valid until the next write to the store (`ResponseCache`).
    let cache = ResponseCache()
    /// What `/metrics` exports.
    public let metrics = MetricsEndpoint()
    /// The tariff files, read once: bills, demand and NT$ comparisons are answered per request.
    let tariffs: Result<TariffCatalog, ConfigError>

    public init(
        config: SiteConfig, store: MeterStore, central: (any CentralStore)? = nil, dashboards: DashboardSet,
        clock: any TimeSource = SystemClock(), collectorStats: (@Sendable () -> CollectorStats)? = nil
    ) {
        self.config = config
        self.store = store
        self.central = central ?? store
        self.calendar = store.calendar
        self.tokens = TokenRegistry(config: config.server)
        self.failures = FailedAttempts(perMinute: config.auth.failedAttemptsPerMinute)
        self.renders = RenderGate(limit: config.server.limits.concurrentRenders)
        self.auditLog = (central as? any AuditLog) ?? store
        self.provider = config.auth.oidc.map { OIDCProvider(config: $0, clock: clock, sites: Set(config.buildings.map(\.id))) }
        self.connections = ConnectionCounter(limit: config.server.maxConnections)
        self.dashboards = dashboards
        self.clock = clock
        self.collectorStats = collectorStats
        self.startedAtMs = clock.nowMs()
        self.tariffs = Result { () throws(ConfigError) in try TariffCatalog(folders: [config.tariffsDirectory]) }
    }

    /// The billed meters of the configuration served (the deployment's, or one building's).
    func billingSetup() throws -> BillingSetup { try BillingSetup(config: config, catalog: try tariffs.get()) }

    var nowMs: Int64 { clock.nowMs() }

    /// The comparison engine on the central's readings at `now`; with a separate central, an empty
    /// answer names the readings still in this server's own SQLite file.
    func engine(now: Int64? = nil) -> ComparisonEngine {
        let reads: any ReadingStore = budget.map { BudgetedReadingStore(base: central, budget: $0) } ?? central
        var engine = ComparisonEngine(config: config, store: reads, now: now ?? nowMs)
        if centralIsSeparate { engine.unforwarded = UnforwardedReadings(file: config.storage.path, store: store) }
        return engine
    }

    /// The deadline and client of the heavy answer this state computes (`heavy`), checked before
    /// every read of its engine.
    var budget: WorkBudget?

    /// A heavy answer (a comparison, a report, savings, the portfolio, a page): within the render
    /// gate (503 past it), on the blocking pool, stopped at `server.limits.deadline` or when the
    /// client leaves.
    func heavy<T: Sendable>(_ context: ServerContext, _ body: @escaping @Sendable (ServerState) throws -> T) async throws -> T {
        try await renders.run {
            var budgeted = self
            let limit = config.server.limits.deadlineMs
            budgeted.budget = WorkBudget(deadlineMs: nowMs + limit, limitMs: limit, clock: clock, channel: context.channel)
            let state = budgeted
            return try await blocking { try body(state) }
        }
    }

    /// The buildings' readings are kept apart from the process's own store (on PostgreSQL).
    var centralIsSeparate: Bool { (central as? MeterStore) !== store }

    /// A number that changes with every write to either store (`cached`). Both counters only grow,
    /// so the pair's image below changes whenever either does (until the central's passes 2³²).
    func generation() throws -> Int64 {
        let own = try store.generation()
        guard centralIsSeparate else { return own }
        return own &* 4_294_967_311 &+ (try central.generation())
    }

    /// The state narrowed to one building of `sites:` (nil: no such building); the cache, the
    /// metrics and the tokens stay shared.
    func scoped(to site: String) -> ServerState? {
        guard let narrowed = config.scoped(to: site) else { return nil }
        var copy = self
        copy.config = narrowed
        return copy
    }

    /// The newest alerts (of `state` when given), those of the building's meters when scoped; the
    /// limit counts after the narrowing.
    func alerts(state filter: AlertState?, limit: Int) throws -> [StoredAlert] {
        guard config.scope != nil else { return try store.alerts(state: filter, limit: limit) }
        return Array(try store.alerts(state: filter, limit: 100_000).filter { config.meter(id: $0.meter) != nil }.prefix(limit))
    }

    /// Records an audit entry (a write, a sign-in); a failure to record is logged, never the
    /// request's failure.
    func audit(
        _ action: AuditEvent.Action, _ context: ServerContext, actor: String? = nil, target: String?, detail: String?, result: String
    ) async {
        let event = AuditEvent(
            atMs: nowMs, actor: actor ?? context.identity?.name ?? "anonymous", role: context.identity?.roleText, action: action,
            target: target, detail: detail.map { String($0.prefix(1000)) }, address: context.clientAddress, result: result,
            site: context.identity?.site)
        let log = auditLog
        do { try await blocking { try log.recordAudit(event) } } catch {
            context.logger.error("cannot record the audit entry \(action.rawValue) of \(event.actor): \(error)")
        }
    }

    /// The state for a request's `site=` within what its principal may see: a person or token bound
    /// to a building sees that building alone (another is 403; none given is theirs).
    func scoped(_ site: String?, for principal: Principal?) throws -> ServerState {
        guard let bound = principal?.site else { return try scoped(site) }
        if let site, !site.isEmpty, site != bound {
            throw Problem(.forbidden, "\(principal?.name ?? "?") sees the building \(bound) only, not \(site)")
        }
        return try scoped(bound)
    }

    /// The state for a request's `site=` (the whole deployment without one, or with an empty one);
    /// an unknown site is 404.
    func scoped(_ site: String?) throws -> ServerState {
        guard let site, !site.isEmpty else { return self }
        guard let narrowed = scoped(to: site) else {
            throw Problem.notFound("unknown site '\(site)' (sites: \(config.buildings.map(\.id).joined(separator: ", ")))")
        }
        return narrowed
    }
    var maxBody: Int { config.server.maxBodyBytes }
}
