import Foundation
import MeterwatchCore

/// What an alert rule watches for. Thresholds are in canonical units (m³/h, %, kW).
public enum AlertCondition: Sendable, Hashable {
    /// The minimum flow in the nightly window stays above `threshold` for `nights` nights in a row.
    case nightFlow(threshold: Double, clearBelow: Double, nights: Int, window: DailyWindow)
    /// Flow never drops below `threshold` for `hours` hours.
    case continuousFlow(threshold: Double, hours: Double)
    /// Flow above `threshold`; the rule's hold-off (`for:`) is the "for M minutes".
    case highFlow(threshold: Double, clearBelow: Double)
    /// A day's consumption against the median of the same weekday over the last `weeks` weeks.
    case dailyUseAnomaly(quantity: Quantity?, weeks: Int, minWeeks: Int, factor: Double?, madK: Double?, minExcess: Double)
    /// No new sample for `maxAgeMs` (or `intervals` poll intervals); optionally a counter that
    /// stays constant for `stuckForMs` while its rate quantity says there is consumption.
    case stale(maxAgeMs: Int64?, intervals: Int, stuckForMs: Int64?, stuckRateMin: Double)
    /// UPS status flags (NUT names: OB, LB, RB, OVER…), and optionally charge below `lowCharge` % as LB.
    case ups(flags: [String], lowCharge: Double?)
    /// Storage state of charge below `socBelow` %, cleared above `socClearAbove`; `inverter_state` in `faultStates`.
    case storage(socBelow: Double, socClearAbove: Double, faultStates: [Int])
    /// The demand interval's average power, projected to the interval's end, above `share` × `contractKW`.
    case demand(contractKW: Double, share: Double, clearShare: Double, intervalMs: Int64)

    public var typeName: String {
        switch self {
        case .nightFlow: "night_flow"
        case .continuousFlow: "continuous_flow"
        case .highFlow: "high_flow"
        case .dailyUseAnomaly: "daily_use_anomaly"
        case .stale: "stale"
        case .ups: "ups"
        case .storage: "storage"
        case .demand: "demand"
        }
    }
}

/// A local time-of-day window such as 01:00–04:00 (minutes after local midnight; may wrap midnight).
public struct DailyWindow: Sendable, Hashable, CustomStringConvertible {
    public var startMinute: Int
    public var endMinute: Int
    public init(startMinute: Int, endMinute: Int) { self.startMinute = startMinute; self.endMinute = endMinute }
    public var lengthMinutes: Int { endMinute > startMinute ? endMinute - startMinute : endMinute + 1440 - startMinute }
    public var description: String {
        func hm(_ m: Int) -> String { String(format: "%02d:%02d", m / 60, m % 60) }
        return "\(hm(startMinute))–\(hm(endMinute))"
    }
}

/// One alert rule from the site configuration, with the meters it watches resolved.
public struct AlertRule: Sendable, Hashable {
    public var id: String
    public var condition: AlertCondition
    /// Meter ids the rule watches (from `meters:` and `tags:`, or every meter the type applies to).
    public var meters: [String]
    public var severity: AlertSeverity
    /// How long the condition must hold before a pending alert fires (`for:`).
    public var holdOffMs: Int64
    /// How long the condition must stay clear before a firing alert resolves (`clear_for:`).
    public var clearForMs: Int64
    /// Re-notify a firing, unacknowledged alert this often (`repeat:`); nil: never.
    public var repeatMs: Int64?
    /// Webhook ids to notify; nil means every configured webhook.
    public var notify: [String]?
    public var line: Int?

    public init(id: String, condition: AlertCondition, meters: [String], severity: AlertSeverity = .warning, holdOffMs: Int64 = 0,
                clearForMs: Int64 = 0, repeatMs: Int64? = nil, notify: [String]? = nil, line: Int? = nil) {
        self.id = id; self.condition = condition; self.meters = meters; self.severity = severity
        self.holdOffMs = holdOffMs; self.clearForMs = clearForMs; self.repeatMs = repeatMs; self.notify = notify; self.line = line
    }
}

/// An HTTP endpoint that receives alert notifications, signed with HMAC-SHA256.
public struct WebhookConfig: Sendable, Hashable {
    public var id: String
    public var url: String
    /// The signing secret (from `secret:` or the environment variable named by `secret_env:`).
    public var secret: String?
    /// A JSON body template (path); nil: Meterwatch's own JSON body.
    public var templatePath: String?
    public var timeoutMs: Int64
    public var maxAttempts: Int
    public init(id: String, url: String, secret: String? = nil, templatePath: String? = nil, timeoutMs: Int64 = 5_000, maxAttempts: Int = 8) {
        self.id = id; self.url = url; self.secret = secret; self.templatePath = templatePath; self.timeoutMs = timeoutMs; self.maxAttempts = maxAttempts
    }
}

/// The `alerts:` section.
public struct AlertsConfig: Sendable, Hashable {
    public var rules: [AlertRule] = []
    public var webhooks: [WebhookConfig] = []
    /// How often the service evaluates every rule (`evaluate_every:`).
    public var evaluateEveryMs: Int64 = 30_000
    /// Base address for links in notifications (`base_url:`).
    public var baseURL: String = "http://127.0.0.1:8080"
    public init() {}
}

extension AlertsConfig {
    static func parse(_ r: YAMLReader, meters: [MeterConfig], configDir: String, environment: [String: String]) throws(ConfigError) -> AlertsConfig {
        let m = try r.mapping(allowed: ["rules", "webhooks", "evaluate_every", "base_url"])
        var out = AlertsConfig()
        if let e = m["evaluate_every"] { out.evaluateEveryMs = try e.durationMs() }
        if let b = m["base_url"] {
            out.baseURL = try b.nonEmptyString()
            while out.baseURL.hasSuffix("/") { out.baseURL.removeLast() }
        }
        for w in try m["webhooks"]?.sequence() ?? [] {
            let hook = try parseWebhook(w, configDir: configDir, environment: environment)
            guard !out.webhooks.contains(where: { $0.id == hook.id }) else { throw w.error("duplicate webhook id '\(hook.id)'") }
            out.webhooks.append(hook)
        }
        for n in try m["rules"]?.sequence() ?? [] {
            let rule = try parseRule(n, meters: meters, webhooks: out.webhooks)
            guard !out.rules.contains(where: { $0.id == rule.id }) else { throw n.error("duplicate rule id '\(rule.id)'") }
            out.rules.append(rule)
        }
        return out
    }

    static func parseWebhook(_ r: YAMLReader, configDir: String, environment: [String: String]) throws(ConfigError) -> WebhookConfig {
        let m = try r.mapping(allowed: ["id", "url", "secret", "secret_env", "template", "timeout", "max_attempts"])
        guard let idNode = m["id"] else { throw r.error("missing id") }
        guard let urlNode = m["url"] else { throw r.error("missing url") }
        let url = try urlNode.nonEmptyString()
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https", parsed.host != nil else {
            throw urlNode.error("expected an http:// or https:// address, got '\(url)'")
        }
        var hook = WebhookConfig(id: try idNode.nonEmptyString(), url: url)
        if let s = m["secret"] { hook.secret = try s.nonEmptyString() }
        if let s = m["secret_env"] {
            let name = try s.nonEmptyString()
            guard let value = environment[name], !value.isEmpty else { throw s.error("environment variable \(name) is not set (it holds the webhook's signing secret)") }
            hook.secret = value
        }
        if let t = m["template"] {
            let p = try t.nonEmptyString()
            let path = p.hasPrefix("/") || configDir.isEmpty ? p : (configDir as NSString).appendingPathComponent(p)
            guard FileManager.default.fileExists(atPath: path) else { throw t.error("template file not found: \(path)") }
            hook.templatePath = path
        }
        if let t = m["timeout"] { hook.timeoutMs = try t.durationMs() }
        if let a = m["max_attempts"] {
            hook.maxAttempts = try a.int()
            guard (1...100).contains(hook.maxAttempts) else { throw a.error("must be 1…100") }
        }
        return hook
    }

    static let commonKeys: Set<String> = ["id", "type", "meters", "tags", "severity", "for", "clear_for", "repeat", "notify"]
    static let typeKeys: [String: Set<String>] = [
        "night_flow": ["threshold", "clear_below", "nights", "window"],
        "continuous_flow": ["threshold", "hours"],
        "high_flow": ["threshold", "clear_below"],
        "daily_use_anomaly": ["quantity", "weeks", "min_weeks", "factor", "mad_k", "min_excess"],
        "stale": ["max_age", "intervals", "stuck_for", "stuck_rate_min"],
        "ups": ["flags", "low_charge"],
        "storage": ["soc_below", "soc_clear_above", "fault_states"],
        "demand": ["contract_kw", "share", "clear_share", "interval"],
    ]

    static func parseRule(_ r: YAMLReader, meters: [MeterConfig], webhooks: [WebhookConfig]) throws(ConfigError) -> AlertRule {
        guard r.node.mapping != nil else { throw r.error("expected a mapping (id: …, type: …)") }
        guard let typeNode = r.node.mapping?["type"].map({ r.child("type", $0) }) else { throw r.error("missing type (one of \(typeKeys.keys.sorted().joined(separator: ", ")))") }
        let type = try typeNode.string()
        guard let extra = typeKeys[type] else { throw typeNode.error("unknown rule type '\(type)' (expected one of \(typeKeys.keys.sorted().joined(separator: ", ")))") }
        let m = try r.mapping(allowed: commonKeys.union(extra))
        guard let idNode = m["id"] else { throw r.error("missing id") }
        let id = try idNode.nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw idNode.error("rule ids may contain letters, digits, '-', '_' and '.' only")
        }

        func positive(_ key: String, default d: Double? = nil) throws(ConfigError) -> Double {
            guard let n = m[key] else {
                if let d { return d }
                throw r.error("missing \(key)")
            }
            let v = try n.double()
            guard v > 0 else { throw n.error("must be positive") }
            return v
        }
        func count(_ key: String, default d: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
            guard let n = m[key] else { return d }
            let v = try n.int()
            guard range.contains(v) else { throw n.error("must be \(range.lowerBound)…\(range.upperBound)") }
            return v
        }
        // Hold-offs may be zero (`for: 0s`: fire at once); other durations must be positive.
        func duration(_ key: String) throws(ConfigError) -> Int64? {
            guard let n = m[key] else { return nil }
            if let s = n.node.scalar?.string.trimmingWhitespace, ["0", "0s", "0m", "0ms"].contains(s) { return 0 }
            return try n.durationMs()
        }
        func percent(_ key: String, default d: Double) throws(ConfigError) -> Double {
            guard let n = m[key] else { return d }
            let v = try n.double()
            guard (0...100).contains(v) else { throw n.error("must be a percentage 0…100") }
            return v
        }

        let condition: AlertCondition
        var holdOff: Int64 = 0
        var clearFor: Int64 = 0
        let applies: (MeterConfig) -> Bool
        switch type {
        case "night_flow":
            let threshold = try positive("threshold")
            let clearBelow = try positive("clear_below", default: threshold * 0.8)
            guard clearBelow <= threshold else { throw m["clear_below"]!.error("must not exceed threshold \(threshold)") }
            var window = DailyWindow(startMinute: 60, endMinute: 240)
            if let w = m["window"] { window = try parseWindow(w) }
            condition = .nightFlow(threshold: threshold, clearBelow: clearBelow, nights: try count("nights", default: 3, range: 1...60), window: window)
            applies = { $0.category == .water }
        case "continuous_flow":
            condition = .continuousFlow(threshold: try positive("threshold", default: 0.01), hours: try positive("hours", default: 24))
            applies = { $0.category == .water }
        case "high_flow":
            let threshold = try positive("threshold")
            let clearBelow = try positive("clear_below", default: threshold * 0.9)
            guard clearBelow <= threshold else { throw m["clear_below"]!.error("must not exceed threshold \(threshold)") }
            condition = .highFlow(threshold: threshold, clearBelow: clearBelow)
            holdOff = 120_000
            clearFor = 120_000
            applies = { $0.category == .water }
        case "daily_use_anomaly":
            var quantity: Quantity?
            if let q = m["quantity"] {
                let name = try q.nonEmptyString()
                guard let c = Quantity(name).canonical, c.kind == .counter || c.kind == .intervalTotal else {
                    throw q.error("'\(name)' is not a consumption quantity (a counter such as energy_import or volume)")
                }
                quantity = Quantity(name)
            }
            let factor = try m["factor"].map { n throws(ConfigError) -> Double in
                let v = try n.double(); guard v > 1 else { throw n.error("must be above 1 (1.5 = 50 % above the baseline)") }; return v
            }
            let madK = try m["mad_k"].map { n throws(ConfigError) -> Double in
                let v = try n.double(); guard v > 0 else { throw n.error("must be positive") }; return v
            }
            let weeks = try count("weeks", default: 8, range: 2...52)
            condition = .dailyUseAnomaly(quantity: quantity, weeks: weeks, minWeeks: try count("min_weeks", default: min(4, weeks), range: 2...weeks),
                                         factor: factor ?? (madK == nil ? 1.5 : nil), madK: madK,
                                         minExcess: try m["min_excess"]?.double() ?? 0)
            applies = { $0.category == .water || $0.category == .electricity }
        case "stale":
            let intervals = try count("intervals", default: 5, range: 1...10_000)
            let maxAge = try duration("max_age")
            condition = .stale(maxAgeMs: maxAge, intervals: intervals, stuckForMs: try duration("stuck_for"),
                               stuckRateMin: try m["stuck_rate_min"]?.double() ?? 0)
            applies = { _ in true }
        case "ups":
            var flags = ["OB", "LB", "RB", "OVER"]
            if let f = m["flags"] {
                flags = try f.stringList().map { $0.uppercased() }
                for (i, name) in flags.enumerated() where UPSFlags(name: name) == nil {
                    throw (try f.sequence().dropFirst(i).first ?? f).error("unknown UPS flag '\(name)' (expected NUT names: \(UPSFlags.names.map(\.0).joined(separator: ", ")))")
                }
            }
            let low = try m["low_charge"].map { n throws(ConfigError) -> Double in
                let v = try n.double(); guard (0...100).contains(v) else { throw n.error("must be a percentage 0…100") }; return v
            }
            condition = .ups(flags: flags, lowCharge: low)
            holdOff = 30_000
            clearFor = 30_000
            applies = { $0.category == .ups }
        case "storage":
            let below = try percent("soc_below", default: 15)
            let clearAbove = try percent("soc_clear_above", default: min(100, below + 5))
            guard clearAbove >= below else { throw m["soc_clear_above"]!.error("must be at least soc_below (\(below))") }
            let states = try m["fault_states"].map { n throws(ConfigError) -> [Int] in try n.sequence().map { s throws(ConfigError) in try s.int() } } ?? [7]
            condition = .storage(socBelow: below, socClearAbove: clearAbove, faultStates: states)
            holdOff = 60_000
            applies = { $0.category == .storage }
        case "demand":
            let share = try m["share"].map { n throws(ConfigError) -> Double in
                let v = try n.double(); guard v > 0 && v <= 2 else { throw n.error("must be a fraction such as 0.95") }; return v
            } ?? 0.95
            let clearShare = try m["clear_share"]?.double() ?? share - 0.05
            guard clearShare < share else { throw m["clear_share"]!.error("must be below share (\(share))") }
            let interval = try duration("interval") ?? 900_000
            guard interval >= 60_000, 86_400_000 % interval == 0 else { throw m["interval"]!.error("must divide a day into whole intervals of at least a minute (15m is the utility's)") }
            condition = .demand(contractKW: try positive("contract_kw"), share: share, clearShare: clearShare, intervalMs: interval)
            applies = { $0.category == .electricity }
        default:
            throw typeNode.error("unknown rule type '\(type)'")
        }

        // Meters: named ones and tagged ones; without either, every meter the type applies to.
        var selected: [String] = []
        if let list = m["meters"] {
            for (i, idText) in try list.stringList().enumerated() {
                guard let meter = meters.first(where: { $0.id == idText }) else {
                    let node = (try? list.sequence())?.dropFirst(i).first ?? list
                    throw node.error("unknown meter '\(idText)'")
                }
                guard applies(meter) else {
                    throw list.error("meter '\(idText)' is \(meter.category.rawValue); a \(type) rule watches \(typeApplies(type))")
                }
                selected.append(idText)
            }
        }
        if let t = m["tags"] {
            let tags = Set(try t.stringList())
            let tagged = meters.filter { applies($0) && !tags.isDisjoint(with: $0.tags) }.map(\.id)
            guard !tagged.isEmpty else { throw t.error("no \(typeApplies(type)) meter has any of the tags \(tags.sorted().joined(separator: ", "))") }
            selected += tagged.filter { !selected.contains($0) }
        }
        if m["meters"] == nil && m["tags"] == nil { selected = meters.filter(applies).map(\.id) }
        if case .stale(let maxAge, _, _, _) = condition, maxAge == nil {
            for id in selected where meters.first(where: { $0.id == id })?.device == nil {
                throw (m["meters"] ?? r).error("meter '\(id)' has no device (so no poll interval); give max_age")
            }
        }

        var rule = AlertRule(id: id, condition: condition, meters: selected, holdOffMs: try duration("for") ?? holdOff,
                             clearForMs: try duration("clear_for") ?? clearFor, repeatMs: try duration("repeat"), line: r.line)
        if m["for"] == nil, case .continuousFlow = condition { rule.holdOffMs = 0 }
        if let s = m["severity"] {
            let text = try s.string()
            guard let sev = AlertSeverity(rawValue: text) else { throw s.error("unknown severity '\(text)' (expected info, warning or critical)") }
            rule.severity = sev
        } else if type == "high_flow" || type == "ups" || type == "demand" {
            rule.severity = .critical
        }
        if let n = m["notify"] {
            let ids = try n.stringList()
            for hook in ids where !webhooks.contains(where: { $0.id == hook }) { throw n.error("unknown webhook '\(hook)'") }
            rule.notify = ids
        }
        return rule
    }

    static func typeApplies(_ type: String) -> String {
        switch type {
        case "night_flow", "continuous_flow", "high_flow": "water meters"
        case "daily_use_anomaly": "water and electricity meters"
        case "ups": "UPS meters"
        case "storage": "storage meters"
        case "demand": "electricity meters"
        default: "any meter"
        }
    }

    /// `01:00-04:00` (also `–`); may wrap midnight (`23:00-05:00`).
    static func parseWindow(_ r: YAMLReader) throws(ConfigError) -> DailyWindow {
        let text = try r.string().replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: " ", with: "")
        let parts = text.split(separator: "-")
        func minutes(_ s: Substring) -> Int? {
            let hm = s.split(separator: ":")
            guard hm.count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
            return (h * 60 + m) % 1440
        }
        guard parts.count == 2, let a = minutes(parts[0]), let b = minutes(parts[1]), a != b else {
            throw r.error("expected a local time window such as 01:00-04:00")
        }
        return DailyWindow(startMinute: a, endMinute: b)
    }
}
