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

/// `/api/v1/savings`: weather-normalised savings of a selection.
extension APIRoutes {
    func registerSavings(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/savings", read) { req, ctx in try await scoped(req, ctx).savings(req, ctx) }
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
}
