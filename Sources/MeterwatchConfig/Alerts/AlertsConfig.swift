import Foundation
import MeterwatchCore

/// The `alerts:` section.
public struct AlertsConfig: Sendable, Hashable {
    public var rules: [AlertRule] = []
    public var webhooks: [WebhookConfig] = []
    /// How often the service evaluates every rule (`evaluate_every:`).
    public var evaluateEveryMs: Int64 = 30_000
    /// Base address for links in notifications (`base_url:`).
    public var baseURL: String = "http://127.0.0.1:8080"
    public init() {}

    /// Every type of rule, by its `type:`.
    public static let conditionTypes: [any AlertCondition.Type] = [
        NightFlowCondition.self, ContinuousFlowCondition.self, HighFlowCondition.self, DailyUseCondition.self,
        StaleCondition.self, UPSCondition.self, StorageCondition.self, DemandCondition.self,
    ]
}

extension AlertsConfig {
    /// `buildings` is the `sites:` list when given (a rule may then name its building).
    static func parse(
        _ r: YAMLReader, meters: [MeterConfig], buildings: [Building]? = nil, configDir: String, environment: [String: String]
    ) throws(ConfigError) -> AlertsConfig {
        let m = try r.mapping(allowed: ["rules", "webhooks", "evaluate_every", "base_url"])
        var out = AlertsConfig()
        if let e = m["evaluate_every"] { out.evaluateEveryMs = try e.durationMs() }
        if let b = m["base_url"] {
            out.baseURL = try b.nonEmptyString()
            while out.baseURL.hasSuffix("/") { out.baseURL.removeLast() }
        }
        for w in try m["webhooks"]?.sequence() ?? [] {
            let hook = try WebhookConfig.parse(w, configDir: configDir, environment: environment)
            guard !out.webhooks.contains(where: { $0.id == hook.id }) else { throw w.error("duplicate webhook id '\(hook.id)'") }
            out.webhooks.append(hook)
        }
        for n in try m["rules"]?.sequence() ?? [] {
            let rule = try parseRule(n, meters: meters, buildings: buildings, webhooks: out.webhooks)
            guard !out.rules.contains(where: { $0.id == rule.id }) else { throw n.error("duplicate rule id '\(rule.id)'") }
            out.rules.append(rule)
        }
        return out
    }

    static let commonKeys: Set<String> = ["id", "type", "meters", "tags", "severity", "for", "clear_for", "repeat", "notify", "site"]

    static func parseRule(
        _ r: YAMLReader, meters allMeters: [MeterConfig], buildings: [Building]? = nil, webhooks: [WebhookConfig]
    ) throws(ConfigError) -> AlertRule {
        let names = conditionTypes.map { $0.typeName }.sorted().joined(separator: ", ")
        guard r.node.mapping != nil else { throw r.error("expected a mapping (id: …, type: …)") }
        guard let typeNode = r.node.mapping?["type"].map({ r.child("type", $0) }) else { throw r.error("missing type (one of \(names))") }
        let typeText = try typeNode.string()
        guard let type = conditionTypes.first(where: { $0.typeName == typeText }) else {
            throw typeNode.error("unknown rule type '\(typeText)' (expected one of \(names))")
        }
        let m = try r.mapping(allowed: commonKeys.union(type.keys))
        guard let idNode = m["id"] else { throw r.error("missing id") }
        let id = try idNode.nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw idNode.error("rule ids may contain letters, digits, '-', '_' and '.' only")
        }
        let reader = RuleReader(node: r, values: m)
        let condition = try type.init(reader)
        // A building's rule watches that building's meters alone.
        var site: String?
        var meters = allMeters
        if let siteNode = m["site"] {
            guard let buildings else { throw siteNode.error("a rule names its site only when sites: lists the buildings") }
            let building = try siteNode.nonEmptyString()
            guard buildings.contains(where: { $0.id == building }) else {
                throw siteNode.error("unknown site '\(building)' (expected one of \(buildings.map(\.id).joined(separator: ", ")))")
            }
            site = building
            meters = allMeters.filter { $0.site == building }
        }

        // Meters: named ones and tagged ones; without either, every meter the type applies to.
        var selected: [String] = []
        if let list = m["meters"] {
            for (i, idText) in try list.stringList().enumerated() {
                guard let meter = meters.first(where: { $0.id == idText }) else {
                    let node = (try? list.sequence())?.dropFirst(i).first ?? list
                    if let site, let other = allMeters.first(where: { $0.id == idText }) {
                        throw node.error("meter '\(idText)' is in site '\(other.site)', not '\(site)'")
                    }
                    throw node.error("unknown meter '\(idText)'")
                }
                guard type.applies(to: meter) else {
                    throw list.error("meter '\(idText)' is \(meter.category.rawValue); a \(typeText) rule watches \(type.watches)")
                }
                selected.append(idText)
            }
        }
        if let t = m["tags"] {
            let tags = Set(try t.stringList())
            let tagged = meters.filter { type.applies(to: $0) && !tags.isDisjoint(with: $0.tags) }.map(\.id)
            guard !tagged.isEmpty else {
                let place = site.map { " in site '\($0)'" } ?? ""
                throw t.error("no \(type.watches) meter\(place) has any of the tags \(tags.sorted().joined(separator: ", "))")
            }
            selected += tagged.filter { !selected.contains($0) }
        }
        if m["meters"] == nil && m["tags"] == nil { selected = meters.filter { type.applies(to: $0) }.map(\.id) }
        if let stale = condition as? StaleCondition, stale.maxAgeMs == nil {
            for id in selected where meters.first(where: { $0.id == id })?.device == nil {
                throw (m["meters"] ?? r).error("meter '\(id)' has no device (so no poll interval); give max_age")
            }
        }

        let defaults = type.defaults
        var rule = AlertRule(
            id: id, condition: condition, meters: selected, severity: defaults.severity,
            holdOffMs: try reader.duration("for") ?? defaults.holdOffMs,
            clearForMs: try reader.duration("clear_for") ?? defaults.clearForMs, repeatMs: try reader.duration("repeat"), line: r.line)
        rule.site = site
        if let s = m["severity"] {
            let text = try s.string()
            guard let sev = AlertSeverity(rawValue: text) else {
                throw s.error("unknown severity '\(text)' (expected info, warning or critical)")
            }
            rule.severity = sev
        }
        if let n = m["notify"] {
            let ids = try n.stringList()
            for hook in ids where !webhooks.contains(where: { $0.id == hook }) { throw n.error("unknown webhook '\(hook)'") }
            rule.notify = ids
        }
        return rule
    }
}
