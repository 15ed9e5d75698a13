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

/// `/api/v1/import/readings` and `/api/v1/import/fuel`: CSV uploads, all or nothing.
extension APIRoutes {
    func registerImports(on routes: RouteRecorder) {
        routes.post("/api/v1/import/readings", .permission(.import), audit: .importReadings) { req, ctx in
            try await scoped(nil, ctx).importCSV(req, fuel: false)
        }
        routes.post("/api/v1/import/fuel", .permission(.import), audit: .importFuel) { req, ctx in
            try await scoped(nil, ctx).importCSV(req, fuel: true)
        }
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
