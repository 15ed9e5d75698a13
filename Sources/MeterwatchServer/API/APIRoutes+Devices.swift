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

/// `/api/v1/devices`: each device's health as its collector last recorded it.
extension APIRoutes {
    func registerDevices(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
        routes.get("/api/v1/devices", read) { req, ctx in try await scoped(req, ctx).devices() }
    }

    static func deviceHealth(_ state: ServerState) throws -> [DeviceHealthReport] {
        try DeviceHealthReport.all(config: state.config, store: state.store, nowMs: state.nowMs)
    }

    func devices() async throws -> Response {
        let state = state
        return try JSON.response(try await blocking { try APIRoutes.deviceHealth(state) })
    }
}
