import Hummingbird
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// `/api/v1/sites` and `/api/v1/portfolio`: the deployment's buildings and their figures side by side.
extension APIRoutes {
    func registerSites(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/sites", read) { _, ctx in try await scoped(nil, ctx).sites() }
        routes.get("/api/v1/portfolio", read) { req, ctx in try await scoped(req, ctx).portfolio(req, ctx) }
    }

    func sites() async throws -> Response {
        let config = state.config
        return try JSON.response(
            config.buildings.map { b in
                SiteJSON(
                    id: b.id, name: ["en": b.displayName(.en), "zh-TW": b.displayName(.zhTW)], floorArea: b.floorAreaM2,
                    fleet: b.hasFleet, meters: config.meters.filter { $0.site == b.id }.map(\.id))
            })
    }

    /// The portfolio for `period` (default: this year, to date) against `against`, of `category`
    /// (default electricity).
    func portfolio(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let state = state
        let period = try state.checked(try Self.period(req, default: "\(state.calendar.civilDate(at: state.nowMs).year)"))
        let against = try Self.baseline(req)
        let lang = try Self.language(req)
        let category = try Self.category(req.query("category") ?? MeterCategory.electricity.rawValue)
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return try await state.cached(ResponseCache.key(req), bucketMs: LocalCalendar.quarterMs, headers: headers, context: ctx) { state in
            let portfolio = try PortfolioEngine(config: state.config, store: state.engine().store, now: state.nowMs)
                .portfolio(category, period: period, against: against)
            return [UInt8](try JSON.encode(portfolio, language: lang))
        }
    }
}
