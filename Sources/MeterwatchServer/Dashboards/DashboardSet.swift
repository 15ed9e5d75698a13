import Crypto
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import Mustache

/// Every page's definition, template and asset: built into the binary (`Dashboards/`), each file
/// overridden by the same file in the configured dashboards folder.
///
/// ```swift
/// let set = try DashboardSet.load(directory: config.server.dashboardsDirectory, meters: config.meters)
/// set.render(view, template: "overview")
/// ```
public struct DashboardSet: Sendable {
    public let pages: [DashboardDefinition.Page: DashboardDefinition]
    /// File name → (content type, bytes), from `assets/`.
    public let assets: [String: (type: String, data: Data)]
    let templates: MustacheLibrary
    /// The report's stylesheet, inline in the downloadable HTML report.
    public let reportStyle: String
    /// `'sha256-…'` of that stylesheet, which the Content-Security-Policy allows.
    public let reportStyleHash: String

    /// Loads the built-in dashboards, with the files in `directory` (when it exists) replacing
    /// theirs one by one.
    public static func load(directory: String?, meters: [MeterConfig]) throws -> DashboardSet {
        let files = FileOverlay(base64: EmbeddedDashboards.base64, folders: directory.map { [$0] } ?? [])
        var pages: [DashboardDefinition.Page: DashboardDefinition] = [:]
        for name in files.files(withExtension: "yaml") {
            guard let text = files.text(name) else { continue }
            let where_ = files.locate(name)?.description ?? name
            let def = try DashboardDefinition.parse(yaml: text, file: where_, meters: meters)
            if let other = pages[def.page] {
                throw ConfigError(
                    file: where_, line: 1, column: 1, key: "page", message: "page '\(def.page.rawValue)' is also defined in \(other.file)")
            }
            pages[def.page] = def
        }
        for p in DashboardDefinition.Page.allCases where pages[p] == nil { pages[p] = .builtIn(p) }
        var assets: [String: (String, Data)] = [:]
        for ext in ["css", "js", "svg", "png", "ico"] {
            for name in files.files(in: "assets", withExtension: ext) {
                guard let data = files.data(name) else { continue }
                assets[String(name.dropFirst("assets/".count))] = (contentType(ext), data)
            }
        }
        var library = MustacheLibrary()
        for name in files.files(in: "templates", withExtension: "mustache") {
            guard let text = files.text(name) else { continue }
            let key = String(name.dropFirst("templates/".count).dropLast(".mustache".count))
            do { try library.register(text, named: key) } catch {
                throw ConfigError(
                    file: files.locate(name)?.description ?? name, line: nil, column: nil, key: "", message: "template: \(error)")
            }
        }
        let missing = requiredTemplates.filter { library.getTemplate(named: $0) == nil }
        if let first = missing.first {
            throw ConfigError(
                file: directory ?? "Dashboards", line: nil, column: nil, key: "templates",
                message: "no template '\(first).mustache' (templates needed: \(requiredTemplates.joined(separator: ", ")))")
        }
        let style = assets["report.css"].map { String(decoding: $0.1, as: UTF8.self) } ?? ""
        let hash = "'sha256-\(Data(SHA256.hash(data: Data(style.utf8))).base64EncodedString())'"
        return DashboardSet(pages: pages, assets: assets, templates: library, reportStyle: style, reportStyleHash: hash)
    }

    static func contentType(_ ext: String) -> String {
        switch ext {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }

    /// A page's definition (the built-in one when none was loaded).
    func definition(_ page: DashboardDefinition.Page) -> DashboardDefinition { pages[page] ?? .builtIn(page) }

    /// A view through a template; a missing template is a configuration error at start, so this
    /// only fails for a folder that lost a template afterwards.
    func render(_ view: Any, template: String) throws -> String {
        guard let html = templates.render(view, withTemplate: template) else {
            throw Problem(.internalServerError, "no template '\(template)' (Dashboards/templates/\(template).mustache)")
        }
        return html
    }

    /// The council report as a printable HTML document, in its language.
    public func reportDocument(_ report: CouncilReport) throws -> String {
        try render(ReportDocumentView(report, style: reportStyle), template: "report")
    }

    /// Every template the pages need, for a check at start.
    static let requiredTemplates = [
        "layout", "overview", "portfolio", "compare", "kpis", "alerts", "devices", "reports", "report", "report-body", "report-table",
        "period-form", "open-data",
    ]
}
