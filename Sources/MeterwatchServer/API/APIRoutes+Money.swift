import Hummingbird
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// `/api/v1/bills`, `/api/v1/demand` and `/api/v1/contracts`: a billed meter in NT$.
extension APIRoutes {
    func registerMoney(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/bills", read) { req, ctx in try await scoped(req, ctx).bills(req, ctx) }
        routes.get("/api/v1/demand", read) { req, ctx in try await scoped(req, ctx).demand(req, ctx) }
        routes.get("/api/v1/contracts", read) { req, ctx in try await scoped(req, ctx).contracts(req, ctx) }
    }

    /// `[from, to)` of `month=` (default: last month) or `period=` (a billing period of days).
    func billingDays(_ req: Request) throws -> (from: CivilDate, to: CivilDate) {
        let month = req.query("month")
        let text = month ?? req.query("period")
        if month != nil && req.query("period") != nil { throw Problem.badRequest("give month or period, not both") }
        guard let text else {
            let today = state.calendar.civilDate(at: state.nowMs)
            let first = CivilDate(year: today.year, month: today.month, day: 1)
            return (first.adding(months: -1), first)
        }
        let period: Period
        do { period = try Period.parse(text) } catch { throw Problem.badRequest("\(month != nil ? "month" : "period"): \(error)") }
        if month != nil && period.kind != .month { throw Problem.badRequest("month: expected a month such as 2026-08, got '\(text)'") }
        guard period.days <= 92 else { throw Problem.badRequest("period: a billing period is at most 92 days, got \(period.days)") }
        return (period.start, period.end)
    }

    func billedMeter(_ req: Request) throws -> String {
        guard let meter = req.query("meter"), !meter.isEmpty else { throw Problem.badRequest("meter: required (a meter with billing:)") }
        guard state.config.meter(id: meter) != nil else { throw Problem.notFound("no meter '\(meter)'") }
        return meter
    }

    func money<T: Encodable & Sendable>(
        _ req: Request, _ ctx: ServerContext, _ body: @escaping @Sendable (BillingEngine) throws -> T
    ) async throws -> Response {
        let lang = try Self.language(req)
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return try await state.cached(ResponseCache.key(req), bucketMs: LocalCalendar.quarterMs, headers: headers, context: ctx) { state in
            let engine = BillingEngine(setup: try state.billingSetup(), store: state.engine().store)
            return [UInt8](try JSON.encode(try body(engine), language: lang))
        }
    }

    func bills(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let meter = try billedMeter(req)
        let (from, to) = try billingDays(req)
        return try await money(req, ctx) { try $0.monthBill(meter: meter, from: from, to: to) }
    }

    func demand(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let meter = try billedMeter(req)
        let (from, to) = try billingDays(req)
        let top =
            try req.query("top").map { text in
                guard let n = Int(text), (1...1000).contains(n) else { throw Problem.badRequest("top: 1…1000") }
                return n
            } ?? 10
        return try await money(req, ctx) { try $0.demand(meter: meter, from: from, to: to, top: top) }
    }

    func contracts(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let meter = try billedMeter(req)
        let months =
            try req.query("months").map { text in
                guard let n = Int(text), (1...60).contains(n) else { throw Problem.badRequest("months: 1…60") }
                return n
            } ?? 12
        let growth =
            try req.query("growth").map { text in
                guard let g = Double(text), g.isFinite, (-50...100).contains(g) else {
                    throw Problem.badRequest("growth: -50…100 per cent")
                }
                return g
            } ?? 5
        let today = state.calendar.civilDate(at: state.nowMs)
        var end = CivilDate(year: today.year, month: today.month, day: 1)
        if let through = req.query("through") {
            guard let p = try? Period.parse(through), p.kind == .month else {
                throw Problem.badRequest("through: expected a month such as 2026-09, got '\(through)'")
            }
            end = p.end
        }
        let last = end
        return try await money(req, ctx) {
            try $0.contractReview(meter: meter, first: last.adding(months: -months), end: last, growth: growth / 100)
        }
    }
}
