import Foundation
import Hummingbird
import MeterwatchAlerts
import MeterwatchCollector
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchStore
import NIOCore

/// `/api/v1`: JSON over HTTP. Each route carries its access policy (`AccessPolicy`), checked by
/// `PolicyMiddleware` before the handler runs. Every error is a problem document (RFC 9457).
struct APIRoutes {
    let state: ServerState

    func register(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/openapi.json", .public) { _, _ in
            let headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        routes.get("/api/v1/sites", read) { _, ctx in try await scoped(nil, ctx).sites() }
        routes.get("/api/v1/portfolio", read) { req, ctx in try await scoped(req, ctx).portfolio(req, ctx) }
        routes.post("/api/v1/sites/:id/forward", .forward, audit: nil) { req, ctx in
            try await receiveForward(req, ctx.parameters.require("id"))
        }
        // `site=` narrows these to one building of `sites:` (a person bound to a building sees it alone).
        routes.get("/api/v1/meters", read) { req, ctx in try await scoped(req, ctx).meters() }
        routes.get("/api/v1/meters/:id", read) { req, ctx in try await scoped(req, ctx).meter(ctx.parameters.require("id")) }
        routes.get("/api/v1/meters/:id/readings", read) { req, ctx in
            try await scoped(req, ctx).readings(req, ctx.parameters.require("id"))
        }
        routes.delete("/api/v1/meters/:id/readings", .permission(.delete), audit: .deleteReadings) { req, ctx in
            try await scoped(nil, ctx).deleteReadings(req, ctx.parameters.require("id"))
        }
        routes.get("/api/v1/readings", read) { req, ctx in try await scoped(req, ctx).manyReadings(req) }
        routes.get("/api/v1/latest", read) { req, ctx in try await scoped(req, ctx).latest(req) }
        routes.get("/api/v1/compare", read) { req, ctx in try await scoped(req, ctx).compare(req, ctx) }
        routes.get("/api/v1/bills", read) { req, ctx in try await scoped(req, ctx).bills(req, ctx) }
        routes.get("/api/v1/demand", read) { req, ctx in try await scoped(req, ctx).demand(req, ctx) }
        routes.get("/api/v1/contracts", read) { req, ctx in try await scoped(req, ctx).contracts(req, ctx) }
        routes.get("/api/v1/savings", read) { req, ctx in try await scoped(req, ctx).savings(req, ctx) }
        routes.get("/api/v1/kpis", read) { req, ctx in try await scoped(req, ctx).kpis(req, ctx) }
        routes.put("/api/v1/kpis/:id/actuals/:period", .permission(.kpis), audit: .kpiActual) { req, ctx in
            try await scoped(nil, ctx).setActual(req, ctx, ctx.parameters.require("id"), ctx.parameters.require("period"))
        }
        routes.get("/api/v1/alerts", read) { req, ctx in try await scoped(req, ctx).alerts(req) }
        routes.get("/api/v1/alerts/:id", read) { _, ctx in try await scoped(nil, ctx).alert(ctx.parameters.require("id")) }
        routes.post("/api/v1/alerts/:id/ack", .permission(.ack), audit: .acknowledge) { req, ctx in
            try await scoped(nil, ctx).ack(req, ctx, ctx.parameters.require("id"))
        }
        routes.get("/api/v1/devices", read) { req, ctx in try await scoped(req, ctx).devices() }
        routes.post("/api/v1/import/readings", .permission(.import), audit: .importReadings) { req, ctx in
            try await scoped(nil, ctx).importCSV(req, fuel: false)
        }
        routes.post("/api/v1/import/fuel", .permission(.import), audit: .importFuel) { req, ctx in
            try await scoped(nil, ctx).importCSV(req, fuel: true)
        }
        routes.get("/api/v1/reports", read) { req, ctx in try await scoped(req, ctx).report(req, ctx) }
        routes.get("/api/v1/audit", .permission(.admin)) { req, ctx in try await scoped(nil, ctx).audit(req) }
    }

    /// These routes for the building a request names (`site=`) within what its principal may see,
    /// or for the whole deployment.
    func scoped(_ req: Request?, _ ctx: ServerContext) throws -> APIRoutes {
        APIRoutes(state: try state.scoped(req?.query("site"), for: ctx.identity))
    }

    // MARK: Meters and readings

    struct SeriesJSON: Codable {
        var quantity: String
        var kind: String
        var unit: String
        var latest: SampleJSON?
    }
    struct SampleJSON: Codable {
        var time: String
        var value: Double
    }
    struct DeviceJSON: Codable {
        var profile: String
        var link: String
        var unit: Int
    }
    struct MeterJSON: Codable {
        var id: String
        var name: [String: String]
        var category: String
        var unit: String
        var tags: [String]
        var device: DeviceJSON?
        var series: [SeriesJSON]
    }

    func meterJSON(_ m: MeterConfig, _ series: [SeriesInfo]) throws -> MeterJSON {
        let cal = state.calendar
        return MeterJSON(
            id: m.id, name: ["en": m.displayName(.en), "zh-TW": m.displayName(.zhTW)], category: m.category.rawValue, unit: m.unit,
            tags: m.tags,
            device: m.device.map { DeviceJSON(profile: $0.profile, link: $0.link, unit: $0.unit) },
            series: try series.filter { $0.key.meter == m.id }.map { s in
                SeriesJSON(
                    quantity: s.key.quantity.name, kind: s.kind.rawValue, unit: s.unit,
                    latest: try state.central.latestSample(series: s.id).map { SampleJSON(time: cal.isoString($0.ms), value: $0.value) })
            })
    }

    func meters() async throws -> Response {
        let state = state
        let list = try await blocking { () -> [MeterJSON] in
            let series = try state.central.allSeries()
            return try state.config.meters.map { try APIRoutes(state: state).meterJSON($0, series) }
        }
        return try JSON.response(list)
    }

    func meter(_ id: String) async throws -> Response {
        guard let m = state.config.meter(id: id) else { throw Problem.notFound("unknown meter '\(id)'") }
        let state = state
        return try JSON.response(try await blocking { try APIRoutes(state: state).meterJSON(m, try state.central.allSeries()) })
    }

    /// `from`, `to` and `resolution` of a readings request (`raw`, or a rollup resolution).
    func readingsRange(
        _ req: Request, defaultResolution: String
    ) throws -> (from: Int64, to: Int64, resolution: Resolution?, name: String) {
        let parser = TimeParser(calendar: state.calendar)
        guard let fromText = req.query("from"), let toText = req.query("to") else {
            throw Problem.badRequest("give from and to (ISO dates or times, local to the site)")
        }
        let from: Int64
        let to: Int64
        do {
            from = try parser.parseInstant(fromText)
            to = try parser.parseInstant(toText)
        } catch { throw Problem.badRequest("\(error)") }
        guard to > from else { throw Problem.badRequest("to must be after from") }
        try state.checkRange(from: from, to: to)
        let name = req.query("resolution") ?? defaultResolution
        let resolution: Resolution? = name == "raw" ? nil : Resolution(argument: name)
        guard name == "raw" || resolution != nil else {
            throw Problem.badRequest("unknown resolution '\(name)' (raw, 15m, hour, day, month)")
        }
        return (from, to, resolution, name)
    }

    func readings(_ req: Request, _ id: String) async throws -> Response {
        guard let m = state.config.meter(id: id) else { throw Problem.notFound("unknown meter '\(id)'") }
        let quantity = req.query("quantity").map { Quantity($0) } ?? m.mainQuantity
        let (from, to, resolution, resText) = try readingsRange(req, defaultResolution: "hour")
        let state = state
        let body = try await blocking { () -> [UInt8] in
            guard let s = try state.central.series(SeriesKey(meter: id, quantity: quantity)) else {
                throw Problem.notFound("no data for \(id)/\(quantity)")
            }
            var writer = ReadingsWriter(calendar: state.calendar)
            try Self.write(s, from: from, to: to, resolution: resolution, name: resText, state: state, into: &writer)
            return try writer.finished()
        }
        return Self.jsonBytes(body)
    }

    /// One series' points into `writer`: rollups at a resolution, or raw readings (31 days at most).
    static func write(
        _ s: SeriesInfo, from: Int64, to: Int64, resolution: Resolution?, name: String, state: ServerState,
        into writer: inout ReadingsWriter
    ) throws {
        if let resolution {
            let start = state.calendar.bucket(containing: from, resolution: resolution).start
            // Buckets exist only where data is: the answer's size is counted on what was read.
            let rollups = try state.central.rollups(series: s.id, resolution: resolution, from: start, to: to)
            try state.checkPoints(writer.points + rollups.count)
            writer.series(s, resolution: name, rollups: rollups, samples: nil)
        } else {
            guard to - from <= 31 * msPerDay else { throw Problem.badRequest("raw readings are served for at most 31 days at a time") }
            let samples = try state.central.samples(series: s.id, from: from, to: to)
            try state.checkPoints(writer.points + samples.count)
            writer.series(s, resolution: name, rollups: nil, samples: samples)
        }
    }

    static func jsonBytes(_ bytes: [UInt8]) -> Response {
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `GET /api/v1/readings`: many series in one answer, chosen by meters, a tag or a category.
    func manyReadings(_ req: Request) async throws -> Response {
        var given: [[MeterConfig]] = []
        if let list = req.query("meter") {
            var chosen: [MeterConfig] = []
            for id in list.split(separator: ",").map({ String($0).trimmingCharacters(in: .whitespaces) }) where !id.isEmpty {
                guard let m = state.config.meter(id: id) else { throw Problem.notFound("unknown meter '\(id)'") }
                chosen.append(m)
            }
            guard !chosen.isEmpty else { throw Problem.badRequest("meter: give one or more meter ids, comma-separated") }
            given.append(chosen)
        }
        if let tag = req.query("tag") { given.append(state.config.meters.filter { $0.tags.contains(tag) }) }
        if let c = req.query("category") {
            let category = try Self.category(c)
            given.append(state.config.meters.filter { $0.category == category })
        }
        guard given.count == 1, let meters = given.first else { throw Problem.badRequest("give exactly one of meter, tag, category") }
        guard meters.count <= 1_000 else { throw Problem.badRequest("at most 1,000 meters per request") }
        let quantities = req.query("quantity").map { $0.split(separator: ",").map { Quantity(String($0)) } }
        let (from, to, resolution, resText) = try readingsRange(req, defaultResolution: "day")
        let state = state
        let body = try await blocking { () -> [UInt8] in
            let all = Dictionary(try state.central.allSeries().map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var writer = ReadingsWriter(calendar: state.calendar)
            writer.raw("{\"resolution\":")
            writer.string(resText)
            writer.raw(",\"series\":[")
            var first = true
            for m in meters {
                for q in quantities ?? [m.mainQuantity] {
                    guard let s = all[SeriesKey(meter: m.id, quantity: q)] else { continue }
                    if !first { writer.raw(",") }
                    first = false
                    try Self.write(s, from: from, to: to, resolution: resolution, name: resText, state: state, into: &writer)
                }
            }
            writer.raw("]}")
            return try writer.finished()
        }
        return Self.jsonBytes(body)
    }

    struct DeletionJSON: Codable {
        var meter: String
        var quantity: String
        var samples: Int
        var intervals: Int
        var first: String?
        var last: String?
        var dryRun: Bool
        enum CodingKeys: String, CodingKey { case meter, quantity, samples, intervals, first, last, dryRun = "dry_run" }
    }

    /// The API twin of `meterwatch readings delete` (token).
    func deleteReadings(_ req: Request, _ id: String) async throws -> Response {
        guard state.config.meter(id: id) != nil else { throw Problem.notFound("unknown meter '\(id)'") }
        let parser = TimeParser(calendar: state.calendar)
        guard let fromText = req.query("from"), let toText = req.query("to") else {
            throw Problem.badRequest("give from and to (the range is [from, to))")
        }
        let from: Int64
        let to: Int64
        do {
            from = try parser.parseInstant(fromText)
            to = try parser.parseInstant(toText)
        } catch { throw Problem.badRequest("\(error)") }
        guard to > from else { throw Problem.badRequest("to must be after from (the range is [from, to))") }
        let dryRun: Bool
        switch req.query("dry_run") {
        case nil, "false": dryRun = false
        case "true": dryRun = true
        default: throw Problem.badRequest("dry_run: expected true or false")
        }
        let quantity = req.query("quantity")
        let state = state
        let out = try await blocking { () -> DeletionJSON in
            let repair = ReadingsRepair(config: state.config, store: state.central, ownStore: state.store)
            let series = try repair.series(meter: id, quantity: quantity)
            let report = try repair.delete(series, from: from, to: to, dryRun: dryRun)
            return DeletionJSON(
                meter: id, quantity: series.key.quantity.name, samples: report.samples, intervals: report.intervals,
                first: report.firstMs.map(state.calendar.isoString), last: report.lastMs.map(state.calendar.isoString), dryRun: dryRun)
        }
        return try JSON.response(out)
    }

    struct LatestJSON: Codable {
        var meter: String
        var quantity: String
        var unit: String
        var time: String
        var value: Double
    }

    func latest(_ req: Request) async throws -> Response {
        let meter = req.query("meter")
        if let meter, state.config.meter(id: meter) == nil { throw Problem.notFound("unknown meter '\(meter)'") }
        let state = state
        return try JSON.response(
            try await blocking { () -> [LatestJSON] in
                try state.central.allSeries().filter { meter == nil || $0.key.meter == meter }.compactMap { s in
                    try state.central.latestSample(series: s.id).map {
                        LatestJSON(
                            meter: s.key.meter, quantity: s.key.quantity.name, unit: s.unit, time: state.calendar.isoString($0.ms),
                            value: $0.value)
                    }
                }
            })
    }

    // MARK: Comparisons, KPIs, reports

    static func selection(_ req: Request) throws -> Selection {
        var given: [Selection] = []
        if let m = req.query("meter") { given.append(.meter(m)) }
        if let t = req.query("tag") { given.append(.tag(t)) }
        if let v = req.query("vehicle") { given.append(.vehicle(v.uppercased())) }
        if let c = req.query("category") { given.append(.category(try category(c))) }
        guard given.count == 1 else { throw Problem.badRequest("give exactly one of meter, tag, category, vehicle") }
        return given[0]
    }

    /// A `category` parameter, or 400 listing the categories.
    static func category(_ text: String) throws -> MeterCategory {
        guard let category = MeterCategory(rawValue: text) else {
            throw Problem.badRequest("unknown category '\(text)' (\(MeterCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return category
    }

    static func period(_ req: Request, default fallback: String? = nil) throws -> Period {
        guard let text = req.query("period") ?? fallback else {
            throw Problem.badRequest("give period (2019, 2019H2, 2019Q3, 2019-07, roc:108H2, 2019-07-01..2019-12-31)")
        }
        do { return try Period.parse(text) } catch { throw Problem.badRequest("period: \(error)") }
    }

    static func baseline(_ req: Request) throws -> Baseline {
        do { return try Baseline.parse(req.query("against") ?? "previous-year") } catch { throw Problem.badRequest("against: \(error)") }
    }

    static func language(_ req: Request, default fallback: Language = .en) throws -> Language {
        guard let text = req.query("lang") else { return fallback }
        guard let l = Language(rawValue: text) else { throw Problem.badRequest("lang: expected en or zh-TW") }
        return l
    }

    struct CompareJSON: Encodable {
        var comparison: Comparison
        var months: [MonthlyRow]?
        /// With `money=true`: the kWh in NT$ (`EnergyCost`).
        var money: EnergyCost?
    }

    func compare(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let selection = try Self.selection(req)
        let period = try state.checked(try Self.period(req))
        let against = try Self.baseline(req)
        let lang = try Self.language(req)
        if let by = req.query("by"), by != "month" {
            throw Problem.badRequest("by: only 'month' is supported")
        }
        let byMonth = req.query("by") == "month"
        let money =
            try req.query("money").map { text in
                guard let flag = Bool(text) else { throw Problem.badRequest("money: true or false") }
                return flag
            } ?? false
        let state = state
        // Cached until the next write, or the next quarter hour (a comparison to date moves then).
        let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        return try await state.cached(ResponseCache.key(req), bucketMs: LocalCalendar.quarterMs, headers: headers, context: ctx) { state in
            let engine = state.engine()
            let resolved = try engine.resolve(selection)
            let comparison = try engine.compare(resolved, period: period, against: against)
            let months = byMonth ? try engine.monthly(resolved, period: period, against: against) : nil
            let cost =
                money
                ? try EnergyCost.of(
                    comparison, selection: resolved, config: state.config, store: engine.store,
                    setup: try state.billingSetup())
                : nil
            return [UInt8](try JSON.encode(CompareJSON(comparison: comparison, months: months, money: cost), language: lang))
        }
    }

    /// Weather-normalised savings (`SavingsEngine`), with the scatter points for the model chart.
    func savings(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let selection = try Self.selection(req)
        if case .vehicle = selection { throw Problem.badRequest("savings work on a meter, tag or category") }
        func period(_ name: String) throws -> Period {
            guard let text = req.query(name) else { throw Problem.badRequest("give \(name) (e.g. 2024-11-01..2025-10-31)") }
            let parsed: Period
            do { parsed = try Period.parse(text) } catch { throw Problem.badRequest("\(name): \(error)") }
            return try self.state.checked(parsed, name: name)
        }
        let baseline = try period("baseline")
        let reporting = try period("reporting")
        var options = SavingsEngine.Options(temperatureMeter: req.query("temperature"), normalYearMeter: req.query("normal_year"))
        if let u = req.query("unit") {
            guard let unit = TemperatureUnit(rawValue: u) else { throw Problem.badRequest("unit: expected C or F") }
            options.unit = unit
        }
        if let m = req.query("method") {
            guard let method = SavingsEngine.Method(rawValue: m) else {
                throw Problem.badRequest("method: expected auto, daily, billing or hourly")
            }
            options.method = method
        }
        if let c = req.query("confidence") {
            guard let v = Double(c), v >= 0.5, v < 1 else {
                throw Problem.badRequest("confidence: expected a number from 0.5 to below 1 (e.g. 0.90)")
            }
            options.confidence = v
        }
        let withPoints = req.query("points") != "false"
        let lang = try Self.language(req)
        let state = state
        let chosen = options
        if chosen.method == .hourly {
            let hourly = try await state.heavy(ctx) { state -> HourlySavings in
                let engine = state.engine()
                return try SavingsEngine(comparison: engine, options: chosen).hourlySavings(
                    selection, baseline: baseline, reporting: reporting)
            }
            return try JSON.response(hourly, language: lang)
        }
        let data = try await state.heavy(ctx) { state -> SavingsEngine.Result in
            let engine = state.engine()
            var result = try SavingsEngine(comparison: engine, options: chosen).savings(selection, baseline: baseline, reporting: reporting)
            if !withPoints {
                result.points = []
            }
            return result
        }
        return try JSON.response(data, language: lang)
    }

    func kpis(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let period = try state.checked(try Self.period(req))
        let lang = try Self.language(req)
        // `by=site`: a deployment of several buildings also gives each building's row of every KPI.
        let byBuilding: Bool
        switch req.query("by") {
        case nil: byBuilding = false
        case "site": byBuilding = true
        case let other?: throw Problem.badRequest("by: expected site, not '\(other)'")
        }
        let state = state
        let results = try await state.heavy(ctx) { state in
            let evaluator = KPIEvaluator(engine: state.engine())
            return try byBuilding ? evaluator.evaluateByBuilding(period: period) : evaluator.evaluate(period: period)
        }
        return try JSON.response(results, language: lang)
    }

    struct ActualJSON: Codable {
        var kpi: String
        var period: String
        var actual: Double
        var enteredBy: String
        var enteredAt: String
        var note: String?
        enum CodingKeys: String, CodingKey { case kpi, period, actual, note, enteredBy = "entered_by", enteredAt = "entered_at" }
    }

    func setActual(_ req: Request, _ ctx: ServerContext, _ id: String, _ periodText: String) async throws -> Response {
        let who = try ctx.requireIdentity().name
        guard state.config.kpis.contains(where: { $0.id == id }) else { throw Problem.notFound("unknown KPI '\(id)'") }
        let period: Period
        do { period = try Period.parse(periodText) } catch { throw Problem.badRequest("period: \(error)") }
        let body = try await JSON.decode(
            ActualBody.self, from: req, limit: 16_384, allowed: ActualBody.keys, timeoutMs: state.config.server.limits.bodyTimeoutMs
        ).validated()
        let actual = KPIActual(kpi: id, period: period.id, actual: body.actual, enteredBy: who, enteredAtMs: state.nowMs, note: body.note)
        let state = state
        let site = state.config.kpis.first { $0.id == id }?.site ?? state.config.deploymentSite
        try await blocking { try state.central.setKPIActual(actual, site: site) }
        return try JSON.response(
            ActualJSON(
                kpi: id, period: period.id, actual: body.actual, enteredBy: who, enteredAt: state.calendar.isoString(actual.enteredAtMs),
                note: body.note))
    }

    enum ReportFormat: String {
        case md, csv, html

        var contentType: String {
            switch self {
            case .md: "text/markdown; charset=utf-8"
            case .csv: "text/csv; charset=utf-8"
            case .html: "text/html; charset=utf-8"
            }
        }
    }

    func report(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let period = try state.checked(try Self.period(req))
        let against = try Self.baseline(req)
        let lang = try Self.language(req, default: .zhTW)
        guard let format = ReportFormat(rawValue: req.query("format") ?? "md") else {
            throw Problem.badRequest("format: expected md, csv or html")
        }
        var weatherBaseline: Period?
        if let text = req.query("weather_baseline") {
            do { weatherBaseline = try Period.parse(text) } catch { throw Problem.badRequest("weather_baseline: \(error)") }
        }
        let completeMonths: Bool
        switch req.query("complete_months") {
        case nil, "false": completeMonths = false
        case "true": completeMonths = true
        default: throw Problem.badRequest("complete_months: expected true or false")
        }
        let state = state
        let modelBaseline = weatherBaseline
        var headers: HTTPFields = [.contentType: format.contentType]
        if req.query("download") == "1" {
            headers[.contentDisposition] = "attachment; filename=\"meterwatch-report-\(period.id).\(format.rawValue)\""
        }
        return try await state.cached(ResponseCache.key(req), bucketMs: LocalCalendar.quarterMs, headers: headers, context: ctx) { state in
            let engine = state.engine()
            let report = try ReportBuilder(engine: engine)
                .build(period: period, against: against, language: lang, weatherBaseline: modelBaseline, completeMonthsOnly: completeMonths)
            let text: String
            switch format {
            case .md: text = ReportRenderer.markdown(report)
            case .csv: text = ReportRenderer.csv(report)
            case .html: text = try state.dashboards.reportDocument(report)
            }
            return Array(text.utf8)
        }
    }

    // MARK: Alerts and devices

    func alerts(_ req: Request) async throws -> Response {
        var stateFilter: AlertState?
        if let s = req.query("state") {
            guard let st = AlertState(rawValue: s) else {
                throw Problem.badRequest("state: expected pending, firing, resolved or cancelled")
            }
            stateFilter = st
        }
        let limit =
            try req.query("limit").map { text -> Int in
                guard let n = Int(text), (1...1000).contains(n) else { throw Problem.badRequest("limit: expected 1…1000") }
                return n
            } ?? 200
        let state = state
        let filter = stateFilter
        return try JSON.response(
            try await blocking { try state.alerts(state: filter, limit: limit).map { AlertJSON($0, calendar: state.calendar) } })
    }

    struct AlertDetailJSON: Codable {
        struct Event: Codable {
            var at: String
            var event: String
            var value: Double?
            var note: String?
        }
        struct Delivery: Codable {
            var id: Int64
            var event: String
            var webhook: String
            var status: String
            var attempts: Int
            var httpStatus: Int?
            var lastError: String?
            var deliveredAt: String?
            enum CodingKeys: String, CodingKey {
                case id, event, webhook, status, attempts, httpStatus = "http_status", lastError = "last_error", deliveredAt =
                    "delivered_at"
            }
        }
        var alert: AlertJSON
        var history: [Event]
        var deliveries: [Delivery]
    }

    static func alertID(_ text: String) throws -> Int64 {
        guard let id = Int64(text), id > 0 else { throw Problem.badRequest("alert ids are positive whole numbers") }
        return id
    }

    func alert(_ idText: String) async throws -> Response {
        let id = try Self.alertID(idText)
        let state = state
        return try JSON.response(
            try await blocking { () -> AlertDetailJSON in
                guard let a = try state.store.alert(id: id) else { throw Problem.notFound("no alert \(id)") }
                let cal = state.calendar
                return AlertDetailJSON(
                    alert: AlertJSON(a, calendar: cal),
                    history: try state.store.alertEvents(alert: id).map {
                        .init(at: cal.isoString($0.atMs), event: $0.event, value: $0.value, note: $0.note)
                    },
                    deliveries: try state.store.deliveries(alert: id).map {
                        .init(
                            id: $0.id, event: $0.event, webhook: $0.webhook, status: $0.status.rawValue, attempts: $0.attempts,
                            httpStatus: $0.httpStatus, lastError: $0.lastError, deliveredAt: $0.deliveredAtMs.map(cal.isoString))
                    })
            })
    }

    func ack(_ req: Request, _ ctx: ServerContext, _ idText: String) async throws -> Response {
        let principal = try ctx.requireIdentity()
        let id = try Self.alertID(idText)
        let body = try await JSON.decode(
            AckBody.self, from: req, limit: 16_384, allowed: AckBody.keys, timeoutMs: state.config.server.limits.bodyTimeoutMs
        ).validated()
        // A person acknowledges under their own name; a program's token may name the person it acts for.
        let by = principal.source == .token ? body.by ?? principal.name : principal.displayName
        let state = state
        return try JSON.response(
            try await blocking { () -> AlertJSON in
                guard let existing = try state.store.alert(id: id),
                    state.config.scope == nil || state.config.meter(id: existing.meter) != nil
                else { throw AlertStoreError.notFound(id) }
                let alert = try state.store.acknowledgeAlert(id: id, by: by, comment: body.comment, atMs: state.nowMs)
                return AlertJSON(alert, calendar: state.calendar)
            })
    }

    static func deviceHealth(_ state: ServerState) throws -> [DeviceHealthReport] {
        try DeviceHealthReport.all(config: state.config, store: state.store, nowMs: state.nowMs)
    }

    func devices() async throws -> Response {
        let state = state
        return try JSON.response(try await blocking { try APIRoutes.deviceHealth(state) })
    }

    // MARK: Uploads

    struct ImportJSON: Codable {
        var file: String
        var encoding: String
        var rows: Int
        var inserted: Int
        var updated: Int
        var unchanged: Int
        var duplicates: Int
        var rejected: [String]
    }

    func importCSV(_ req: Request, fuel: Bool) async throws -> Response {
        let type = req.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("text/csv") || type.hasPrefix("text/plain") || type.hasPrefix("application/octet-stream") else {
            throw Problem(.unsupportedMediaType, "send the CSV as text/csv (UTF-8 or Big5)")
        }
        let skip = req.query("skip_invalid") == "true"
        let name = req.query("name").map { String($0.prefix(100)) } ?? (fuel ? "fuel.csv" : "readings.csv")
        let data = Data(
            buffer: try await BodyReader.collect(req, limit: state.maxBody, timeoutMs: state.config.server.limits.bodyTimeoutMs))
        let state = state
        if fuel, state.config.scope.map({ !$0.hasFleet }) ?? false {
            throw Problem(.forbidden, "the fuel log belongs to \(state.config.fleetSite), not \(state.config.scope?.id ?? "?")")
        }
        let result = try await blocking { () -> ImportResult in
            if fuel {
                let limits = state.config.plausibility.limits(state.calendar)
                return try FuelLogImporter(store: state.store, limits: limits).importData(data, file: name, skipInvalid: skip)
            }
            return try ReadingsImporter(config: state.config, store: state.store).importData(data, file: name, skipInvalid: skip)
        }
        state.metrics.recordImport(kind: fuel ? "fuel" : "readings", samples: result.report.inserted + result.report.updated)
        var response = try JSON.response(
            ImportJSON(
                file: result.file, encoding: result.encoding.rawValue, rows: result.rows, inserted: result.report.inserted,
                updated: result.report.updated, unchanged: result.report.unchanged, duplicates: result.duplicates,
                rejected: result.rejected.map(\.description)))
        response.headers[AuditNote.header] =
            "\(name): \(result.rows) rows, \(result.report.inserted) inserted, \(result.report.updated) updated, "
            + "\(result.duplicates) duplicates"
        return response
    }
}
