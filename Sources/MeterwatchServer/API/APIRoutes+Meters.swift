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

/// `/api/v1/meters`, `/api/v1/meters/:id/readings`, `/api/v1/readings` and `/api/v1/latest`: the meters and
/// their readings, raw or rolled up; deleting a range.
extension APIRoutes {
    func registerMeters(on routes: RouteRecorder) {
        let read = AccessPolicy.permission(.read)
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
}
