import Foundation
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// What the server serves: the site, its store, the write tokens, the dashboards, and (when the
/// same process collects) the collector's live counters. Time comes from `clock`, so that tests
/// render pages at a chosen instant.
public struct ServerState: Sendable {
    public let config: SiteConfig
    public let store: MeterStore
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
        config: SiteConfig, store: MeterStore, dashboards: DashboardSet, clock: any TimeSource = SystemClock(),
        collectorStats: (@Sendable () -> CollectorStats)? = nil
    ) {
        self.config = config
        self.store = store
        self.calendar = store.calendar
        self.tokens = TokenVerifier(config: config.server)
        self.dashboards = dashboards
        self.clock = clock
        self.collectorStats = collectorStats
        self.startedAtMs = clock.nowMs()
    }

    var nowMs: Int64 { clock.nowMs() }
    var maxBody: Int { config.server.maxBodyBytes }
}
