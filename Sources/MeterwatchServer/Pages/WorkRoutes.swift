import Foundation
import Hummingbird
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchImport
import MeterwatchStore
import NIOCore

/// The month's work in a browser: uploads with a preview first (the fuel log, bills, readings),
/// KPI actuals, deletions (a dry run, then a confirmation), and the audit log with the sessions.
/// Every form carries its session's CSRF token (checked by the route's policy); every write is
/// audited there too.
struct WorkRoutes {
    let state: ServerState

    func register(on routes: RouteRecorder) {
        let state = state
        let set = state.dashboards
        routes.get("/uploads", .permission(.import), query: ["lang", "site", "stored", "deleted", "error"]) { req, ctx in
            let c = try PageRoutes.context(req, ctx, state: state)
            return PageRoutes.html(try set.render(UploadsView(c, set.definition(.uploads), staged: nil), template: "uploads"))
        }
        routes.post("/uploads/preview", .permission(.import), query: ["kind", "name", "lang"], audit: nil) { req, ctx in
            try await preview(req, ctx)
        }
        routes.post("/uploads/commit", .permission(.import), query: ["lang"], audit: .importReadings) { req, ctx in
            try await commit(req, ctx)
        }
        routes.post("/kpis/:id/actual", .permission(.kpis), query: ["lang", "site", "period"], audit: .kpiActual) { req, ctx in
            try await setActual(req, ctx)
        }
        routes.post("/readings/delete/preview", .permission(.delete), query: ["lang"], audit: nil) { req, ctx in
            try await deletion(req, ctx, confirm: false)
        }
        routes.post("/readings/delete", .permission(.delete), query: ["lang"], audit: .deleteReadings) { req, ctx in
            try await deletion(req, ctx, confirm: true)
        }
        routes.get("/audit", .permission(.admin), query: ["lang", "site", "actor", "action", "from", "to", "revoked"]) { req, ctx in
            let c = try PageRoutes.context(req, ctx, state: state)
            let q = try APIRoutes.auditQuery(req, state: state)
            let events = try await blocking {
                try state.auditLog.auditEvents(
                    from: q.from, to: q.to, actor: q.actor, action: q.action, site: c.state.config.scope?.id, limit: 500)
            }
            let sessions = try await blocking { try state.store.liveSessions(at: state.nowMs) }
            return PageRoutes.html(
                try set.render(AuditView(c, set.definition(.audit), events: events, sessions: sessions), template: "audit"))
        }
        routes.post("/sessions/revoke", .permission(.admin), query: ["lang"], audit: .sessionRevoked) { req, ctx in
            try await revoke(req, ctx)
        }
    }

    func language(_ req: Request) -> Language { PageRoutes.language(req) }

    // MARK: Uploads

    enum Kind: String, Sendable, CaseIterable {
        case fuel, bills, readings
    }

    /// Checks an uploaded file as the import would, against what is stored, and keeps it for the
    /// commit; answers the preview as JSON (the upload page's script shows it).
    func preview(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let principal = try ctx.requireIdentity()
        guard let kind = req.query("kind").flatMap(Kind.init(rawValue:)) else { throw Problem.badRequest("kind: fuel, bills or readings") }
        let name = String((req.query("name") ?? "\(kind.rawValue).csv").split(separator: "/").last ?? "upload.csv").prefix(100)
        let data = Data(
            buffer: try await BodyReader.collect(req, limit: state.maxBody, timeoutMs: state.config.server.limits.bodyTimeoutMs))
        let lang = language(req)
        let scoped = try state.scoped(nil, for: principal)
        let outcome = try await blocking { try Self.run(kind, data: data, file: String(name), state: scoped, dryRun: true) }
        var json = outcome.json(lang)
        if outcome.errors.isEmpty {
            json.id = state.uploads.stage(
                .init(owner: principal.name, kind: kind.rawValue, file: String(name), data: data), nowMs: state.nowMs)
        }
        return try JSON.response(json)
    }

    /// What an import found: the counts, or the rows it refused.
    struct Outcome: Sendable {
        var file: String
        var encoding: String
        var rows: Int
        var inserted = 0
        var updated = 0
        var unchanged = 0
        var errors: [String] = []
        var errorTotal = 0

        struct JSON: Encodable {
            var id: String?
            var file: String
            var encoding: String
            var rows: Int
            var inserted: Int
            var updated: Int
            var unchanged: Int
            var errors: [String]
            var errorTotal: Int
            var summary: String
            var verdict: String
            enum CodingKeys: String, CodingKey {
                case id, file, encoding, rows, inserted, updated, unchanged, errors, summary, verdict, errorTotal = "error_total"
            }
        }

        func json(_ lang: Language) -> JSON {
            JSON(
                id: nil, file: file, encoding: encoding, rows: rows, inserted: inserted, updated: updated, unchanged: unchanged,
                errors: errors, errorTotal: errorTotal,
                summary: Phrase.uploadPreview(file: file, rows: rows, encoding: encoding).text(lang),
                verdict: errors.isEmpty
                    ? Phrase.uploadReady(inserted: inserted, updated: updated, unchanged: unchanged).text(lang)
                    : Phrase.uploadHasErrors(rows: errorTotal).text(lang))
        }
    }

    /// The import of one file, for real or as a preview; a refused file gives its errors (file:line:column).
    static func run(_ kind: Kind, data: Data, file: String, state: ServerState, dryRun: Bool) throws -> Outcome {
        do {
            let result: ImportResult
            switch kind {
            case .fuel:
                result = try FuelLogImporter(
                    store: state.store, limits: state.config.plausibility.limits(state.calendar), clock: state.clock
                )
                .importData(data, file: file, skipInvalid: false, dryRun: dryRun)
            case .bills, .readings:
                if kind == .bills {
                    let head =
                        String(decoding: data.prefix(400), as: UTF8.self).split(whereSeparator: \.isNewline).first?.lowercased() ?? ""
                    let columns = Set(head.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                    guard columns.isSuperset(of: ["meter", "start", "end", "value"]) else {
                        return Outcome(
                            file: file, encoding: "", rows: 0, errors: ["\(file):1: " + Phrase.notABillsFile.text(.en)], errorTotal: 1)
                    }
                }
                result = try ReadingsImporter(config: state.config, store: state.store, clock: state.clock)
                    .importData(data, file: file, skipInvalid: false, dryRun: dryRun)
            }
            return Outcome(
                file: file, encoding: result.encoding.rawValue, rows: result.rows, inserted: result.report.inserted,
                updated: result.report.updated, unchanged: result.report.unchanged + result.duplicates)
        } catch let f as ImportFailure {
            return Outcome(file: file, encoding: "", rows: 0, errors: f.errors.prefix(200).map(\.description), errorTotal: f.total)
        } catch let e as InputError {
            return Outcome(file: file, encoding: "", rows: 0, errors: [e.description], errorTotal: 1)
        }
    }

    /// Stores a previewed file: all of it or none (one transaction), and a second commit of the same
    /// file stores nothing new (a reading or refuel already there is unchanged).
    func commit(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let principal = try ctx.requireIdentity()
        let lang = language(req)
        let form = try await FormBody.fields(of: req, limit: 8_192, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        guard let id = form["id"], let staged = state.uploads.take(id, owner: principal.name, nowMs: state.nowMs),
            let kind = Kind(rawValue: staged.kind)
        else {
            return redirect("/uploads?lang=\(lang.rawValue)&error=expired")
        }
        let scoped = try state.scoped(nil, for: principal)
        let outcome = try await blocking { try Self.run(kind, data: staged.data, file: staged.file, state: scoped, dryRun: false) }
        guard outcome.errors.isEmpty else {
            throw Problem(.unprocessableContent, "nothing was stored: \(outcome.errorTotal) row(s) are invalid", errors: outcome.errors)
        }
        if kind == .fuel || outcome.inserted + outcome.updated > 0 {
            state.metrics.recordImport(kind: kind == .fuel ? "fuel" : "readings", samples: outcome.inserted + outcome.updated)
        }
        var response = redirect(
            "/uploads?lang=\(lang.rawValue)&stored=\(outcome.inserted),\(outcome.updated),\(outcome.unchanged)")
        response.headers[AuditNote.actionHeader] = (kind == .fuel ? AuditEvent.Action.importFuel : .importReadings).rawValue
        response.headers[AuditNote.header] =
            "\(kind.rawValue) \(staged.file): \(outcome.rows) rows, \(outcome.inserted) inserted, \(outcome.updated) updated, "
            + "\(outcome.unchanged) unchanged"
        return response
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    // MARK: KPI actuals

    func setActual(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let principal = try ctx.requireIdentity()
        let lang = language(req)
        let id = try ctx.parameters.require("id")
        let scoped = try state.scoped(req.query("site"), for: principal)
        guard let kpi = scoped.config.kpis.first(where: { $0.id == id }), kpi.derive == nil else {
            throw Problem.notFound("no KPI '\(id)' to enter here (a derived KPI is computed, not entered)")
        }
        let form = try await FormBody.fields(of: req, limit: 16_384, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        let period: Period
        do { period = try Period.parse(form["period"] ?? req.query("period") ?? "") } catch { throw Problem.badRequest("period: \(error)") }
        let body = try ActualBody(
            actual: ReadingsImporter.parseNumber(form["actual"] ?? "") ?? .nan,
            note: form["note"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        ).validated()
        let actual = KPIActual(
            kpi: id, period: period.id, actual: body.actual, enteredBy: principal.displayName, enteredAtMs: state.nowMs, note: body.note)
        let site = kpi.site ?? state.config.deploymentSite
        let central = state.central
        try await blocking { try central.setKPIActual(actual, site: site) }
        var response = redirect(
            "/kpis?lang=\(lang.rawValue)&period=\(HTML.urlEncode(period.id))"
                + (req.query("site").map { "&site=\(HTML.urlEncode($0))" } ?? ""))
        response.headers[AuditNote.header] =
            "\(id) \(period.id) = \(DisplayFormat.asWritten(body.actual))" + (body.note.map { " (\($0.prefix(200)))" } ?? "")
        return response
    }

    // MARK: Deletions

    func deletion(_ req: Request, _ ctx: ServerContext, confirm: Bool) async throws -> Response {
        let principal = try ctx.requireIdentity()
        let lang = language(req)
        let form = try await FormBody.fields(of: req, limit: 8_192, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        let scoped = try state.scoped(nil, for: principal)
        let meter = form["meter"] ?? ""
        guard scoped.config.meter(id: meter) != nil else { throw Problem.notFound("unknown meter '\(meter)'") }
        let parser = TimeParser(calendar: state.calendar)
        let from: Int64
        let to: Int64
        do {
            from = try parser.parseInstant(form["from"] ?? "")
            to = try parser.parseInstant(form["to"] ?? "")
        } catch { throw Problem.badRequest("from, to: \(error)") }
        guard to > from else { throw Problem.badRequest("to must be after from (the range is [from, to))") }
        let quantity = form["quantity"].flatMap { $0.isEmpty ? nil : $0 }
        let state = state
        let report = try await blocking { () -> DeletionReport in
            let repair = ReadingsRepair(config: scoped.config, store: state.central, ownStore: state.store)
            return try repair.delete(try repair.series(meter: meter, quantity: quantity), from: from, to: to, dryRun: !confirm)
        }
        let c = try PageRoutes.context(req, ctx, state: state)
        var staged = UploadsView.DeletionPreview(
            meter: meter, quantity: quantity ?? "", from: form["from"] ?? "", to: form["to"] ?? "", csrf: c.csrf,
            message: report.samples + report.intervals == 0
                ? c.t(.nothingToDelete)
                : c.t(
                    .wouldDelete(
                        readings: report.samples, intervals: report.intervals, first: report.firstMs.map(state.calendar.isoString) ?? "",
                        last: report.lastMs.map(state.calendar.isoString) ?? "")),
            confirm: report.samples + report.intervals > 0 ? c.t(.confirmDelete) : nil, action: "/readings/delete?lang=\(lang.rawValue)")
        if confirm {
            staged.message = c.t(.deletedReadings(readings: report.samples, intervals: report.intervals))
            staged.confirm = nil
        }
        var response = PageRoutes.html(
            try state.dashboards.render(
                UploadsView(c, state.dashboards.definition(.uploads), staged: nil, deletion: staged), template: "uploads"))
        if confirm {
            response.headers[AuditNote.header] =
                "\(meter)\(quantity.map { "/\($0)" } ?? "") \(form["from"] ?? "")…\(form["to"] ?? ""): \(report.samples) readings, "
                + "\(report.intervals) intervals"
        }
        return response
    }

    // MARK: Sessions

    func revoke(_ req: Request, _ ctx: ServerContext) async throws -> Response {
        let lang = language(req)
        let form = try await FormBody.fields(of: req, limit: 4_096, timeoutMs: state.config.server.limits.bodyTimeoutMs)
        guard let hash = form["session"], hash.count == 64 else { throw Problem.badRequest("session: the session to revoke") }
        let store = state.store
        let now = state.nowMs
        let user = try await blocking { () -> String? in
            let s = try store.session(idHash: hash)
            try store.revokeSession(idHash: hash, at: now)
            return s?.user
        }
        var response = redirect("/audit?lang=\(lang.rawValue)&revoked=\(HTML.urlEncode(user ?? "?"))")
        response.headers[AuditNote.header] = "session of \(user ?? "?")"
        return response
    }
}
