import Foundation
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// What the server serves: the site, its store, the write tokens, the dashboards, and (when the
/// same process collects) the collector's live counters.
public struct ServerState: Sendable {
    public let config: SiteConfig
    public let store: MeterStore
    public let calendar: LocalCalendar
    public let tokens: TokenVerifier
    public let dashboards: DashboardSet
    /// The collector's counters, nil when the server only serves a store (`--no-collect`).
    public let collectorStats: (@Sendable () -> CollectorStats)?
    let startedAtMs = Int64(Date().timeIntervalSince1970 * 1000)

    public init(config: SiteConfig, store: MeterStore, dashboards: DashboardSet, collectorStats: (@Sendable () -> CollectorStats)? = nil) {
        self.config = config
        self.store = store
        self.calendar = store.calendar
        self.tokens = TokenVerifier(config: config.server)
        self.dashboards = dashboards
        self.collectorStats = collectorStats
    }

    var nowMs: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
    var maxBody: Int { config.server.maxBodyBytes }
}
