import Foundation
import Hummingbird
import MeterwatchConfig
import MeterwatchCore
import MeterwatchForward
import MeterwatchStore

/// `POST /api/v1/sites/{id}/forward`: the central's side of edge forwarding.
extension APIRoutes {
    /// Stores an edge's batch in one transaction, under a token bound to that site. Every series must
    /// be a meter of the site (or the weather, or the fleet's cars at the site holding the fleet);
    /// every reading passes the central's plausibility checks, a refusal naming its JSON pointer.
    /// The same batch again changes nothing, so an edge may always send again what it is unsure of.
    func receiveForward(_ req: Request, _ site: String) async throws -> Response {
        // The token first: whether a site exists is no one's business but its edge's.
        _ = try state.tokens.forwarder(req, site: site)
        guard let building = state.config.building(id: site) else {
            throw Problem.notFound("unknown site '\(site)' (sites: \(state.config.buildings.map(\.id).joined(separator: ", ")))")
        }
        guard req.headers[.contentType]?.lowercased().hasPrefix("application/json") == true else {
            throw Problem(.unsupportedMediaType, "send the batch as application/json")
        }
        let body = Data(buffer: try await req.body.collect(upTo: state.maxBody))
        let batch: ForwardBatch
        do { batch = try JSONDecoder().decode(ForwardBatch.self, from: body) } catch {
            throw Problem.badRequest("not a forward batch: \((error as? DecodingError).map(JSON.describe) ?? "the body is not JSON")")
        }
        let (samples, intervals) = try Self.validated(batch, for: building, state: state)
        let state = state
        let report = try await blocking { try state.store.ingest(samples: samples, intervals: intervals) }
        state.metrics.recordImport(kind: "forward", samples: report.inserted + report.updated)
        return try JSON.response(ForwardReceipt(inserted: report.inserted, updated: report.updated, unchanged: report.unchanged))
    }

    /// The batch as series specs with their readings, or the first thing wrong with it.
    static func validated(
        _ batch: ForwardBatch, for building: Building, state: ServerState
    ) throws -> ([SeriesSpec: [Sample]], [SeriesSpec: [IntervalTotal]]) {
        let limits = state.config.plausibility.limits(state.calendar)
        let now = state.nowMs
        var samples: [SeriesSpec: [Sample]] = [:]
        var intervals: [SeriesSpec: [IntervalTotal]] = [:]
        func refuse(_ pointer: String, _ message: String) -> Problem {
            Problem(.unprocessableContent, "\(pointer): \(message)")
        }
        for (i, s) in batch.series.enumerated() {
            let at = "/series/\(i)"
            var rules = CounterRules()
            if let meter = state.config.meter(id: s.meter) {
                guard meter.site == building.id else {
                    throw Problem(.forbidden, "\(at)/meter: meter '\(s.meter)' is in site '\(meter.site)', not '\(building.id)'")
                }
                rules = meter.counterRules
            } else if s.meter.hasPrefix("vehicle:") {
                guard building.hasFleet else {
                    throw Problem(.forbidden, "\(at)/meter: the fleet's fuel log is not kept by '\(building.id)'")
                }
            } else if !s.meter.hasPrefix("weather:") {
                throw refuse("\(at)/meter", "unknown meter '\(s.meter)' at the central (add it to its meters, in site \(building.id))")
            }
            guard let kind = SeriesKind(rawValue: s.kind) else { throw refuse("\(at)/kind", "unknown kind '\(s.kind)'") }
            let quantity = Quantity(s.quantity)
            if let canonical = quantity.canonical, canonical.unit != s.unit {
                throw refuse("\(at)/unit", "\(s.quantity) is stored in \(canonical.unit), not '\(s.unit)'")
            }
            let spec = SeriesSpec(key: SeriesKey(meter: s.meter, quantity: quantity), kind: kind, unit: s.unit, rules: rules)
            for (j, pair) in (s.samples ?? []).enumerated() {
                guard pair.count == 2, let ms = Int64(exactly: pair[0]) else {
                    throw refuse("\(at)/samples/\(j)", "expected [milliseconds, value]")
                }
                if let bad = limits.check(ms: ms, nowMs: now) ?? limits.check(value: pair[1], quantity: quantity, kind: kind, rules: rules)
                {
                    throw refuse("\(at)/samples/\(j)", bad.message(state.calendar))
                }
                samples[spec, default: []].append(Sample(ms: ms, value: pair[1]))
            }
            for (j, triple) in (s.intervals ?? []).enumerated() {
                guard triple.count == 3, let start = Int64(exactly: triple[0]), let end = Int64(exactly: triple[1]) else {
                    throw refuse("\(at)/intervals/\(j)", "expected [start milliseconds, end milliseconds, value]")
                }
                if let bad = limits.check(intervalStart: start, end: end, nowMs: now)
                    ?? limits.check(value: triple[2], quantity: quantity, kind: kind, rules: rules)
                {
                    throw refuse("\(at)/intervals/\(j)", bad.message(state.calendar))
                }
                intervals[spec, default: []].append(IntervalTotal(startMs: start, endMs: end, value: triple[2]))
            }
        }
        return (samples, intervals)
    }
}
