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

/// `/api/v1/reports`: the council report in JSON, Markdown, CSV or HTML.
extension APIRoutes {
    func registerReports(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/reports", read) { req, ctx in try await scoped(req, ctx).report(req, ctx) }
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
}
