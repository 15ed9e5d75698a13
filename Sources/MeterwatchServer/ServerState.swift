import Foundation
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

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
    public let tokens: TokenVerifier
    public let dashboards: DashboardSet
    public let clock: any TimeSource
    /// The collector's counters, nil when the server only serves a store (`--no-collect`).
    public let collectorStats: (@Sendable () -> CollectorStats)?
    let startedAtMs: Int64
    /// Rendered answers, valid until the next write to the store (`ResponseCache`).
    let cache = ResponseCache()
    /// What `/metrics` exports.
    public let metrics = MetricsEndpoint()

    public init(
        config: SiteConfig, store: MeterStore, central: (any CentralStore)? = nil, dashboards: DashboardSet,
        clock: any TimeSource = SystemClock(), collectorStats: (@Sendable () -> CollectorStats)? = nil
    ) {
        self.config = config
        self.store = store
        self.central = central ?? store
        self.calendar = store.calendar
        self.tokens = TokenVerifier(config: config.server)
        self.dashboards = dashboards
        self.clock = clock
        self.collectorStats = collectorStats
        self.startedAtMs = clock.nowMs()
    }

    var nowMs: Int64 { clock.nowMs() }

    /// The comparison engine on the central's readings at `now`; with a separate central, an empty
    /// answer names the readings still in this server's own SQLite file.
    func engine(now: Int64? = nil) -> ComparisonEngine {
        var engine = ComparisonEngine(config: config, store: central, now: now ?? nowMs)
        if centralIsSeparate { engine.unforwarded = UnforwardedReadings(file: config.storage.path, store: store) }
        return engine
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
