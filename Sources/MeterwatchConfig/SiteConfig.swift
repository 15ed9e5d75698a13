import Foundation
import MeterwatchCore
import Yams

/// The whole `meterwatch.yaml`.
///
/// ```swift
/// let config = try SiteConfig.load(path: "meterwatch.yaml")
/// config.meter(id: "hall-power")?.category   // .electricity
/// ```
public struct SiteConfig: Sendable {
    public var file: String
    public var site: SiteInfo
    public var storage: StorageConfig
    public var meters: [MeterConfig]
    public var kpis: [KPIDefinition]
    public var report: ReportOptions
    public var links: [LinkConfig] = []
    /// Folder of device profiles (`profiles:`, default `Devices` beside the config file).
    public var profilesDirectory: String = "Devices"
    /// Folder of tariff files that add to or override the built-in ones (`tariffs:`, default `Tariffs`
    /// beside the config file; a missing folder adds nothing).
    public var tariffsDirectory: String = "Tariffs"
    /// Alert rules and notification targets (`alerts:`).
    public var alerts = AlertsConfig()
    /// The HTTP server (`server:`).
    public var server = ServerConfig()
    /// Who may read and write, and how people sign in (`auth:`).
    public var auth = AuthConfig()
    /// What imports, the collector and the API accept (`plausibility:`).
    public var plausibility = PlausibilityConfig()
    /// The central this edge forwards its data to (`forward:`), if any.
    public var forward: ForwardConfig?
    /// What is published as open data (`open_data:`); nil: nothing is.
    public var openData: OpenDataConfig?
    /// The buildings (`sites:`); one, from `site:`, when the list is not given.
    public var buildings: [Building] = [Building(id: Building.defaultID, name: LocalizedName(en: "Meterwatch"))]
    /// `sites:` was given: the deployment is a portfolio of buildings.
    public var isPortfolio = false
    /// The building this configuration is narrowed to (`scoped(to:)`), nil for the whole deployment.
    public var scope: Building?

    public func meter(id: String) -> MeterConfig? { meters.first { $0.id == id } }
    public func building(id: String) -> Building? { buildings.first { $0.id == id } }
    /// The building keeping the fleet's fuel log.
    public var fleetSite: String { buildings.first { $0.hasFleet }?.id ?? buildings.first?.id ?? Building.defaultID }
    /// The building under which the deployment's own rows (entered KPI actuals) are kept at a central.
    public var deploymentSite: String { buildings.first?.id ?? Building.defaultID }
    /// The building a series belongs to at a central: its meter's site, the fleet's for a car, the
    /// deployment's for the weather.
    public func site(ofSeriesMeter meter: String) -> String {
        self.meter(id: meter)?.site ?? (meter.hasPrefix("vehicle:") ? fleetSite : deploymentSite)
    }
    /// Whether the fleet's fuel log counts here: in the whole deployment, or in the building holding it.
    public var includesFleet: Bool { scope?.hasFleet ?? true }

    /// This configuration narrowed to one building: its meters, the KPIs derived from them, its
    /// name as the site's. Every command, answer and page made from it speaks of that building alone.
    public func scoped(to id: String) -> SiteConfig? {
        guard let building = building(id: id) else { return nil }
        var c = self
        c.scope = building
        c.meters = meters.filter { $0.site == id }
        c.site.name = building.name
        let ids = Set(c.meters.map(\.id))
        c.report.siteMeters = report.siteMeters.mapValues { $0.filter(ids.contains) }.filter { !$0.value.isEmpty }
        c.kpis = kpis.filter { kpi in
            // A building's own KPIs; of the deployment's, the derived ones, computed for the building.
            if let site = kpi.site { return site == id }
            return switch kpi.derive?.selection {
            case .meter(let m): ids.contains(m)
            case .tag(let t): c.meters.contains { $0.tags.contains(t) }
            case .category(let category): c.meters.contains { $0.category == category } || (category == .fuel && building.hasFleet)
            case .vehicle: building.hasFleet
            case nil: false
            }
        }
        return c
    }

    /// Used when no configuration file exists: UTC, no meters.
    public static func empty(timeZone: String = "UTC") -> SiteConfig {
        var c = SiteConfig(
            file: "(defaults)", site: SiteInfo(name: LocalizedName(en: "Meterwatch"), timeZone: timeZone),
            storage: StorageConfig(path: "meterwatch.sqlite", rawRetentionDays: 730), meters: [], kpis: [], report: ReportOptions())
        c.server = (try? ServerConfig.parse(nil, configDir: "", environment: ProcessInfo.processInfo.environment)) ?? ServerConfig()
        return c
    }

    public static func load(path: String) throws(ConfigError) -> SiteConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, line: nil, column: nil, key: "", message: "cannot read: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigError) -> SiteConfig
    {
        let top = try YAMLReader.document(yaml: yaml, file: file).mapping(allowed: [
            "site", "sites", "storage", "meters", "kpis", "report", "links", "profiles", "tariffs", "alerts", "server", "plausibility",
            "forward",
            "auth", "open_data",
        ])

        guard let siteNode = top["site"] else {
            throw ConfigError(file: file, line: 1, column: 1, key: "site", message: "missing (site: { name: …, timezone: … })")
        }
        let siteMap = try siteNode.mapping(allowed: ["id", "name", "timezone", "work_calendar", "floor_area_m2"])
        guard let tzNode = siteMap["timezone"] else { throw siteNode.error("missing timezone (an IANA name such as Asia/Taipei)") }
        let tz = try tzNode.string()
        guard TimeZone(identifier: tz) != nil else {
            throw tzNode.error("unknown time zone '\(tz)' (expected an IANA name such as Asia/Taipei)")
        }
        var siteName = LocalizedName(en: "Meterwatch")
        if let n = siteMap["name"] { siteName = try localizedName(n) }
        var workCalendar = WorkCalendar.forTimeZone(tz)
        if let node = siteMap["work_calendar"] {
            let m = try node.mapping(allowed: ["kind", "holidays"])
            if let k = m["kind"] {
                let text = try k.string()
                guard let kind = WorkCalendar.Kind(rawValue: text) else {
                    throw k.error("unknown work calendar '\(text)' (expected taiwan or weekdays)")
                }
                workCalendar.kind = kind
            }
            if let h = m["holidays"] {
                for day in try h.sequence() {
                    let text = try day.string()
                    guard let date = TimeParser.parseDate(text, allowROC: true) else {
                        throw day.error("not a date: '\(text)' (expected 2026-12-25 or 115/12/25)")
                    }
                    workCalendar.holidays.insert(date)
                }
            }
        }
        let site = SiteInfo(name: siteName, timeZone: tz, workCalendar: workCalendar)
        var buildings = [Building(id: Building.defaultID, name: siteName)]
        if let idNode = siteMap["id"] {
            buildings[0].id = try idNode.nonEmptyString()
            guard Building.isValidID(buildings[0].id) else {
                throw idNode.error("site ids may contain ASCII letters, digits, '-', '_' and '.' only")
            }
        }
        if let a = siteMap["floor_area_m2"] { buildings[0].floorAreaM2 = try Building.parseFloorArea(a) }
        let sitesNode = top["sites"]
        if let sitesNode {
            if let extra = ["id", "floor_area_m2"].first(where: { siteMap[$0] != nil }) {
                throw siteMap[extra]!.error("with a sites: list, give each building's \(extra) there")
            }
            buildings = try Building.parseList(sitesNode, timeZone: tz)
        }

        var storage = StorageConfig(path: "meterwatch.sqlite", rawRetentionDays: 730)
        if let s = top["storage"] {
            let m = try s.mapping(allowed: ["path", "raw_retention_days", "postgres"])
            if let p = m["path"] { storage.path = try p.nonEmptyString() }
            if let p = m["postgres"] {
                // The address holds the password: from the environment or a file, and never echoed.
                let url = try p.secret(environment: environment, configDir: (file as NSString).deletingLastPathComponent)
                guard let c = URLComponents(string: url), c.scheme == "postgres" || c.scheme == "postgresql", c.host?.isEmpty == false,
                    c.user?.isEmpty == false, c.path.count > 1
                else {
                    throw p.error("expected postgres://user[:password]@host[:port]/database[?sslmode=verify-full&sslrootcert=CA.pem]")
                }
                storage.postgres = url
            }
            if let r = m["raw_retention_days"] {
                storage.rawRetentionDays = try r.int()
                guard storage.rawRetentionDays >= 31 else {
                    throw r.error("must be at least 31 days (comparisons need whole months of raw data)")
                }
            }
        }
        // Relative storage paths are relative to the configuration file.
        if !storage.path.hasPrefix("/") {
            let dir = (file as NSString).deletingLastPathComponent
            if !dir.isEmpty { storage.path = (dir as NSString).appendingPathComponent(storage.path) }
        }

        let links = try top["links"].map(parseLinks) ?? []
        var meters: [MeterConfig] = []
        if let list = top["meters"] {
            var seen: [String: String] = [:]
            for r in try list.sequence() {
                let meter = try parseMeter(r, links: links, buildings: sitesNode == nil ? nil : buildings)
                if let first = seen[meter.id] { throw r.error("duplicate meter id '\(meter.id)' (first at \(first))") }
                seen[meter.id] = "line \(r.node.mark?.line ?? 0)"
                meters.append(meter)
            }
        }
        if sitesNode == nil {
            for i in meters.indices { meters[i].site = buildings[0].id }
        }
        if let list = top["meters"] {
            for (r, meter) in zip(try list.sequence(), meters) {
                guard let billing = meter.billing, let b = try r.mapping(allowed: nil)["billing"] else { continue }
                let bm = try b.mapping(allowed: nil)
                for (key, wanted) in [("storage", MeterCategory.storage), ("submeters", .electricity)] {
                    for id in (key == "storage" ? billing.storage : billing.submeters ?? []) {
                        guard let other = meters.first(where: { $0.id == id }), other.category == wanted, other.id != meter.id else {
                            throw (bm[key] ?? b).error(
                                "'\(id)' is not a\(wanted == .storage ? " storage" : "n electricity") meter of this site")
                        }
                        guard other.site == meter.site else { throw (bm[key] ?? b).error("'\(id)' is in another building (\(other.site))") }
                    }
                }
            }
        }
        var kpis: [KPIDefinition] = []
        if let list = top["kpis"] {
            for r in try list.sequence() {
                let k = try KPIDefinition.parse(r, meters: meters, buildings: sitesNode == nil ? nil : buildings)
                if kpis.contains(where: { $0.id == k.id }) { throw r.error("duplicate KPI id '\(k.id)'") }
                kpis.append(k)
            }
        }
        var report = ReportOptions()
        if let r = top["report"] { report = try ReportOptions.parse(r) }
        var config = SiteConfig(file: file, site: site, storage: storage, meters: meters, kpis: kpis, report: report)
        config.links = links
        config.buildings = buildings
        config.isPortfolio = sitesNode != nil
        let dir = (file as NSString).deletingLastPathComponent
        var profiles = "Devices"
        if let p = top["profiles"] { profiles = try p.nonEmptyString() }
        config.profilesDirectory = profiles.hasPrefix("/") || dir.isEmpty ? profiles : (dir as NSString).appendingPathComponent(profiles)
        var tariffs = "Tariffs"
        if let t = top["tariffs"] { tariffs = try t.nonEmptyString() }
        config.tariffsDirectory = tariffs.hasPrefix("/") || dir.isEmpty ? tariffs : (dir as NSString).appendingPathComponent(tariffs)
        if let a = top["alerts"] {
            config.alerts = try AlertsConfig.parse(
                a, meters: meters, buildings: sitesNode == nil ? nil : buildings, configDir: dir, environment: environment)
        }
        config.server = try ServerConfig.parse(
            top["server"], configDir: dir, environment: environment, sites: buildings.map(\.id), timeZone: tz)
        if let a = top["auth"] {
            config.auth = try AuthConfig.parse(a, configDir: dir, environment: environment, sites: buildings.map(\.id))
        }

        if let f = top["forward"] {
            // The SQLite store of a central on PostgreSQL already forwards into the database: one change log, one reader.
            if config.storage.postgres != nil {
                throw f.error(
                    "a central on PostgreSQL (storage.postgres) forwards its own store into the database; remove forward: or postgres:")
            }
            config.forward = try ForwardConfig.parse(f, configDir: dir, environment: environment)
        }
        if let p = top["plausibility"] { config.plausibility = try PlausibilityConfig.parse(p) }
        if let o = top["open_data"] { config.openData = try OpenDataConfig.parse(o, buildings: buildings) }
        return config
    }

    package static func localizedName(_ r: YAMLReader) throws(ConfigError) -> LocalizedName {
        if r.node.scalar != nil { return LocalizedName(en: try r.nonEmptyString()) }
        let m = try r.mapping(allowed: ["en", "zh-TW"])
        let name = LocalizedName(en: try m["en"]?.nonEmptyString(), zhTW: try m["zh-TW"]?.nonEmptyString())
        guard name.en != nil || name.zhTW != nil else { throw r.error("give at least one of en, zh-TW") }
        return name
    }

    /// One meter; `buildings` is the `sites:` list when given (each meter then names its site).
    static func parseMeter(_ r: YAMLReader, links: [LinkConfig], buildings: [Building]? = nil) throws(ConfigError) -> MeterConfig {
        let m = try r.mapping(allowed: ["id", "name", "category", "unit", "tags", "counter", "max_gap", "device", "site", "billing"])
        guard let idNode = m["id"] else { throw r.error("missing id") }
        let id = try idNode.nonEmptyString()
        guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !id.hasPrefix("vehicle:") else {
            throw idNode.error("meter ids may contain letters, digits, '-', '_' and '.' only")
        }
        guard let catNode = m["category"] else { throw r.error("missing category") }
        let catText = try catNode.string()
        guard let category = MeterCategory(rawValue: catText) else {
            throw catNode.error(
                "unknown category '\(catText)' (expected one of \(MeterCategory.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let canonicalUnit = category.mainQuantity.canonical?.unit ?? ""
        var unit = canonicalUnit
        if let u = m["unit"] {
            unit = try u.string()
            guard UnitConversion.toCanonical(from: unit, canonical: canonicalUnit) != nil else {
                throw u.error("unit '\(unit)' cannot be converted to \(canonicalUnit) (the unit of \(category.mainQuantity))")
            }
        }
        var rules = CounterRules()
        if let c = m["counter"] {
            let cm = try c.mapping(allowed: ["rollover_at", "max_rate_per_hour", "glitch_window"])
            if let v = cm["rollover_at"] {
                rules.rolloverAt = try v.double()
                guard rules.rolloverAt! > 0 else { throw v.error("must be positive") }
            }
            if let v = cm["max_rate_per_hour"] {
                rules.maxRatePerHour = try v.double()
                guard rules.maxRatePerHour! > 0 else { throw v.error("must be positive") }
            }
            if let v = cm["glitch_window"] {
                rules.glitchWindow = try v.int()
                guard (1...1000).contains(rules.glitchWindow) else { throw v.error("must be 1…1000 readings") }
            }
        }
        if let g = m["max_gap"] { rules.maxGapMs = try g.durationMs() }
        var name = LocalizedName(en: id)
        if let n = m["name"] { name = try localizedName(n) }
        let tags = try m["tags"]?.stringList() ?? []
        var device: DeviceBinding?
        if let d = m["device"] { device = try parseDevice(d, links: links) }
        var meter = MeterConfig(id: id, name: name, category: category, unit: unit, tags: tags, counterRules: rules, device: device)
        if let b = m["billing"] {
            guard category == .electricity else { throw b.error("only an electricity meter is billed by a tariff") }
            meter.billing = try BillingConfig.parse(b)
        }
        if let buildings {
            let known = buildings.map(\.id).joined(separator: ", ")
            guard let siteNode = m["site"] else { throw r.error("missing site (one of \(known))") }
            meter.site = try siteNode.nonEmptyString()
            guard buildings.contains(where: { $0.id == meter.site }) else {
                throw siteNode.error("unknown site '\(meter.site)' (expected one of \(known))")
            }
        } else if let siteNode = m["site"] {
            throw siteNode.error("a meter names its site only when sites: lists the buildings")
        }
        return meter
    }

    static func yamlSyntaxError(_ e: YamlError, file: String) -> ConfigError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, key: "", message: "YAML syntax: \(problem)")
        case .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, key: "", message: "YAML: \(problem)")
        default:
            return ConfigError(file: file, line: nil, column: nil, key: "", message: "YAML: \(e)")
        }
    }
}
