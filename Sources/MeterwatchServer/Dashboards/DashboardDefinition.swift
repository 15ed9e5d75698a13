import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// One dashboard page as a site defines it in `Dashboards/<page>.yaml`: its title, refresh and panels.
///
/// ```yaml
/// page: overview
/// title: { en: Overview, zh-TW: 總覽 }
/// refresh: 30s
/// panels:
///   - { type: power, meters: [hall-power] }
///   - { type: energy, category: electricity }
///   - { type: alerts }
/// ```
public struct DashboardDefinition: Sendable, Hashable {
    public enum Page: String, Sendable, CaseIterable {
        case overview, portfolio, compare, kpis, alerts, devices, reports
        /// Bills, demand, contracts and storage earnings of billed meters.
        case money
        /// The month's work: uploads (operators), the audit log (administrators).
        case uploads, audit
        var path: String { self == .overview ? "/" : "/\(rawValue)" }

        /// What a reader needs to see the page in the navigation.
        var permission: Permission {
            switch self {
            case .uploads: .import
            case .audit: .admin
            default: .read
            }
        }
    }

    public struct Panel: Sendable, Hashable {
        public enum Kind: String, Sendable, CaseIterable {
            case power, energy, water, ups, storage, alerts, monthly, weather, kpis, devices, report, portfolio, money
        }
        public var kind: Kind
        public var meters: [String]
        public var category: MeterCategory?
        public var title: LocalizedName?
        /// `weather` panels: a fixed M&V baseline period (e.g. the year before a retrofit); nil:
        /// the page's comparison period.
        public var baseline: String?
    }

    public var page: Page
    public var title: LocalizedName
    public var refreshSeconds: Int?
    /// The period a period picker starts with (`default_period:`), e.g. `2019H2`; nil: the current year.
    public var defaultPeriod: String?
    public var panels: [Panel]
    public var file: String

    static let allowedPanels: [Page: Set<Panel.Kind>] = [
        .overview: [.power, .energy, .water, .ups, .storage, .alerts],
        .portfolio: [.portfolio], .compare: [.monthly, .weather], .kpis: [.kpis], .alerts: [.alerts], .devices: [.devices],
        .reports: [.report], .money: [.money], .uploads: [], .audit: [],
    ]

    static func parse(yaml: String, file: String, meters: [MeterConfig]) throws(ConfigError) -> DashboardDefinition {
        let doc = try YAMLReader.document(yaml: yaml, file: file)
        let m = try doc.mapping(allowed: ["page", "title", "refresh", "default_period", "panels"])
        guard let pageNode = m["page"] else {
            throw doc.error("missing page (one of \(Page.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let pageText = try pageNode.string()
        guard let page = Page(rawValue: pageText) else {
            throw pageNode.error("unknown page '\(pageText)' (one of \(Page.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var def = DashboardDefinition(page: page, title: Self.defaultTitles[page]!, panels: [], file: file)
        if let t = m["title"] { def.title = try SiteConfig.localizedNameForDashboards(t) }
        if let r = m["refresh"] { def.refreshSeconds = Int(try r.durationMs() / 1000) }
        if let p = m["default_period"] { def.defaultPeriod = try p.nonEmptyString() }
        for n in try m["panels"]?.sequence() ?? [] {
            let pm = try n.mapping(allowed: ["type", "meters", "category", "title", "baseline"])
            guard let tn = pm["type"] else { throw n.error("missing type") }
            let text = try tn.string()
            guard let kind = Panel.Kind(rawValue: text) else {
                throw tn.error("unknown panel type '\(text)' (one of \(Panel.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard allowedPanels[page]!.contains(kind) else {
                throw tn.error(
                    "a \(page.rawValue) page shows \(allowedPanels[page]!.map(\.rawValue).sorted().joined(separator: ", ")) panels")
            }
            var panel = Panel(kind: kind, meters: [], category: nil, title: nil, baseline: nil)
            if let ms = pm["meters"] {
                panel.meters = try ms.stringList()
                for id in panel.meters where !meters.contains(where: { $0.id == id }) { throw ms.error("unknown meter '\(id)'") }
            }
            if let c = pm["category"] {
                let ct = try c.string()
                guard let cat = MeterCategory(rawValue: ct) else { throw c.error("unknown category '\(ct)'") }
                panel.category = cat
            }
            if let t = pm["title"] { panel.title = try SiteConfig.localizedNameForDashboards(t) }
            if let b = pm["baseline"] {
                guard kind == .weather else { throw b.error("only weather panels take a baseline") }
                let text = try b.nonEmptyString()
                do { _ = try Period.parse(text) } catch { throw b.error("baseline: \(error)") }
                panel.baseline = text
            }
            if kind == .weather && panel.meters.count > 1 { throw n.error("a weather panel shows one meter or a category") }
            def.panels.append(panel)
        }
        return def
    }

    static let defaultTitles: [Page: LocalizedName] = [
        .overview: LocalizedName(en: "Overview", zhTW: "總覽"), .portfolio: LocalizedName(en: "Buildings", zhTW: "建築群"),
        .compare: LocalizedName(en: "Compare", zhTW: "比較"),
        .kpis: LocalizedName(en: "KPIs", zhTW: "績效指標"), .alerts: LocalizedName(en: "Alerts", zhTW: "警報"),
        .devices: LocalizedName(en: "Devices", zhTW: "設備"), .reports: LocalizedName(en: "Report", zhTW: "報表"),
        .money: LocalizedName(en: "Electricity bill", zhTW: "電費"),
        .uploads: LocalizedName(en: "Uploads", zhTW: "資料上傳"), .audit: LocalizedName(en: "Audit log", zhTW: "稽核紀錄"),
    ]

    static func builtIn(_ page: Page) -> DashboardDefinition {
        let panels: [Panel.Kind] =
            switch page {
            case .overview: [.power, .energy, .water, .ups, .storage, .alerts]
            case .portfolio: [.portfolio]
            case .compare: [.monthly, .weather]
            case .kpis: [.kpis]
            case .alerts: [.alerts]
            case .devices: [.devices]
            case .reports: [.report]
            case .money: [.money]
            case .uploads, .audit: []
            }
        return DashboardDefinition(
            page: page, title: defaultTitles[page]!, refreshSeconds: page == .overview ? 30 : nil,
            panels: panels.map { Panel(kind: $0, meters: [], category: $0 == .monthly ? .electricity : nil, title: nil, baseline: nil) },
            file: "(built in)")
    }
}

extension SiteConfig {
    static func localizedNameForDashboards(_ r: YAMLReader) throws(ConfigError) -> LocalizedName {
        if r.node.scalar != nil { return LocalizedName(en: try r.nonEmptyString()) }
        let m = try r.mapping(allowed: ["en", "zh-TW"])
        return LocalizedName(en: try m["en"]?.nonEmptyString(), zhTW: try m["zh-TW"]?.nonEmptyString())
    }
}
