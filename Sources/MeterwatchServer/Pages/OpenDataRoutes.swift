import Foundation
import Hummingbird
import MeterwatchCore
import MeterwatchEngine
import NIOCore

/// `/open-data` and its files: public and read-only, whatever `auth:` says, because they hold
/// only what `open_data:` chose. Files carry `ETag` and `Last-Modified` and answer conditional
/// requests with 304, so a portal that harvests every night moves bytes only when a figure changed.
struct OpenDataRoutes {
    let state: ServerState
    let publisher = OpenDataPublisher()

    func register(on routes: RouteRecorder) {
        routes.get("/open-data", .public, query: ["lang"]) { req, ctx -> Response in
            let published = try await published(ctx)
            let lang = PageRoutes.language(req)
            let view = OpenDataView(published, siteName: state.config.site.name, lang: lang)
            return PageRoutes.html(try state.dashboards.render(view, template: "open-data"))
        }
        routes.get("/open-data/:name", .public, query: []) { req, ctx -> Response in
            let name = try ctx.parameters.require("name")
            let published = try await published(ctx)
            guard let file = published.files[name], let etag = published.etags[name] else {
                throw Problem.notFound("no open-data file \(name) (files: \(published.files.keys.sorted().joined(separator: ", ")))")
            }
            let modified = publisher.lastModified(etag: etag, now: state.nowMs)
            var headers: HTTPFields = [
                .contentType: file.mediaType, .eTag: etag, .lastModified: Self.httpDate(modified),
                .cacheControl: "public, max-age=300", .accessControlAllowOrigin: "*",
            ]
            if Self.notModified(req, etag: etag, modifiedMs: modified) {
                return Response(status: .notModified, headers: headers)
            }
            headers[.contentDisposition] = "inline; filename=\"\(name)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }

    /// The files of this store generation and month; nothing chosen in `open_data:` is a 404.
    private func published(_ ctx: ServerContext) async throws -> OpenDataPublisher.Published {
        let state = state
        guard state.config.openData != nil else { throw EngineError.nothingPublished }
        let generation = try await blocking { try state.generation() }
        let today = state.calendar.civilDate(at: state.nowMs)
        let month = CivilDate(year: today.year, month: today.month, day: 1)
        return try await publisher.published(generation: generation, month: month, nowMs: state.nowMs) {
            try await state.heavy(ctx) { budgeted in
                try OpenDataBuilder(config: budgeted.config, store: budgeted.engine().store, now: budgeted.nowMs).dataset()
            }
        }
    }

    /// RFC 9110: If-None-Match decides when present (a weak comparison); else If-Modified-Since.
    static func notModified(_ req: Request, etag: String, modifiedMs: Int64) -> Bool {
        if let match = req.headers[.ifNoneMatch] {
            let tags = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.contains("*") || tags.contains { $0 == etag || $0 == "W/" + etag }
        }
        if let since = req.headers[.ifModifiedSince], let sinceMs = parseHTTPDate(since) {
            return modifiedMs <= sinceMs
        }
        return false
    }

    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func httpDate(_ ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let date = CivilDate(daysSinceEpoch: Int(days))
        let of = Int(seconds - days * 86_400)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekdays[date.isoWeekday - 1]), \(p2(date.day)) \(months[date.month - 1]) \(date.year) "
            + "\(p2(of / 3600)):\(p2(of / 60 % 60)):\(p2(of % 60)) GMT"
    }

    /// The IMF-fixdate form only (what every current client sends); anything else is ignored.
    static func parseHTTPDate(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3]), let date = CivilDate(validYear: year, month: monthIndex + 1, day: day)
        else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]), (0..<61).contains(clock[2]) else { return nil }
        return (Int64(date.daysSinceEpoch) * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])) * 1000
    }
}
