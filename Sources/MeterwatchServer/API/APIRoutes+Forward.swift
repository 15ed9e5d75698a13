import Foundation
import Hummingbird
import MeterwatchConfig
import MeterwatchCore
import MeterwatchForward
import MeterwatchStore

/// `POST /api/v1/sites/{id}/forward`: the central's side of edge forwarding.
extension APIRoutes {
    func registerForward(on routes: RouteRecorder) {
        routes.post("/api/v1/sites/:id/forward", .forward, audit: nil) { req, ctx in
            try await receiveForward(req, ctx.parameters.require("id"))
        }
    }

    /// Stores an edge's batch in one transaction, under a token bound to that site. Every series must
    /// be a meter of the site (or the weather, or the fleet's cars at the site holding the fleet);
    /// every reading passes the central's plausibility checks, a refusal naming its JSON pointer.
    /// The same batch again changes nothing, so an edge may always send again what it is unsure of.
    /// Deletions made at the edge are applied first; fuel log rows are kept by the building holding
    /// the fleet; alerts and device health go to the server's own store.
    func receiveForward(_ req: Request, _ site: String) async throws -> Response {
        // The token was checked first (the route's policy): whether a site exists is no one's business but its edge's.
        guard let building = state.config.building(id: site) else {
            throw Problem.notFound("unknown site '\(site)' (sites: \(state.config.buildings.map(\.id).joined(separator: ", ")))")
        }
        guard req.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send the batch as application/json")
        }
        let body = Data(
            buffer: try await BodyReader.collect(req, limit: state.maxBody, timeoutMs: state.config.server.limits.bodyTimeoutMs))
        let batch: ForwardBatch
        do { batch = try JSONDecoder().decode(ForwardBatch.self, from: body) } catch {
            throw Problem.badRequest("not a forward batch: \((error as? DecodingError).map(JSON.describe) ?? "the body is not JSON")")
        }
        let received: ReceivedBatch
        do { received = try ReceivedBatch(batch, for: building, config: state.config, calendar: state.calendar, nowMs: state.nowMs) } catch
        {
            throw Problem(error.kind == .forbidden ? .forbidden : .unprocessableContent, error.description)
        }
        let state = state
        let receipt = try await blocking {
            let receipt = try received.store(into: state.central, site: building.id)
            // Alerts and device health stay in the server's own store, whichever keeps the readings.
            try state.store.mergeForwardedAlerts(received.alerts, site: building.id, edge: received.edge)
            try state.store.mergeForwardedDeviceHealth(received.devices, site: building.id, receivedAtMs: state.nowMs)
            // The edge's audit entries join the central's log (its database, when it has one).
            try state.auditLog.addForwardedAudit(received.audit, site: building.id, store: received.edge)
            return receipt
        }
        state.metrics.recordImport(kind: "forward", samples: receipt.inserted + receipt.updated)
        return try JSON.response(receipt)
    }
}
