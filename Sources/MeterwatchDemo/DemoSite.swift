import Foundation
import MeterwatchConfig
import MeterwatchCore

public enum DemoSite {
    public static let meters: [DemoMeter] = [
        DemoMeter(
            id: "main-incomer", en: "Main incomer (Taipower)", zh: "台電總進線", category: .electricity, profile: "carlo-gavazzi-em24",
            bus: .gateway, unit: 1, tags: ["main"], source: .main, counter: ("energy_import", 12_345_678.9)),
        DemoMeter(
            id: "chiller", en: "Chiller plant", zh: "冰水主機", category: .electricity, profile: "eastron-sdm630",
            bus: .gateway, unit: 2, tags: ["hvac"], source: .circuit(.chiller), counter: ("energy_import", 612_000)),
        DemoMeter(
            id: "lighting", en: "Lighting", zh: "照明", category: .electricity, profile: "eastron-sdm630",
            bus: .gateway, unit: 3, tags: ["lighting"], source: .circuit(.lighting), counter: ("energy_import", 245_000)),
        DemoMeter(
            id: "server-room", en: "Server room", zh: "資訊機房", category: .electricity, profile: "eastron-sdm120",
            bus: .rs485, unit: 11, tags: ["it"], source: .circuit(.serverRoom), counter: ("energy_import", 380_000)),
        DemoMeter(
            id: "water-main", en: "Main water meter", zh: "總水表", category: .water, profile: "siemens-sitrans-mag",
            bus: .gateway, unit: 4, tags: ["main"], source: .mainWater, counter: ("volume", 56_789)),
        DemoMeter(
            id: "water-annex", en: "Annex restrooms (zone)", zh: "附屬棟廁所分區水表", category: .water, profile: "xylem-magflux",
            bus: .gateway, unit: 5, tags: ["zone"], source: .zoneWater, counter: ("volume", 3_210)),
        DemoMeter(
            id: "ups-b1", en: "UPS room B1", zh: "B1 不斷電系統", category: .ups, profile: "apc-smart-ups",
            bus: .rs485, unit: 12, tags: [], source: .ups, counter: nil),
        DemoMeter(
            id: "ess", en: "Battery storage (peak shaving)", zh: "儲能系統（削峰）", category: .storage, profile: "sunspec",
            bus: .gateway, unit: 126, tags: [], source: .storage, counter: ("storage_energy_discharged", 150_000)),
        DemoMeter(
            id: "district-office-main", en: "District office incomer", zh: "行政中心總進線", category: .electricity,
            profile: "eastron-sdm630", bus: .gateway, unit: 21, tags: ["main"], source: .annex(scale: 0.11, driftPerYear: -0.05),
            counter: ("energy_import", 2_345_678), site: "district-office"),
        DemoMeter(
            id: "library-main", en: "Library incomer", zh: "圖書館總進線", category: .electricity, profile: "eastron-sdm630",
            bus: .gateway, unit: 22, tags: ["main"], source: .annex(scale: 0.035, driftPerYear: 0.04),
            counter: ("energy_import", 876_543), site: "library-branch"),
    ]

    /// The portfolio: the city hall and two smaller buildings of the same government, each with a
    /// floor area for its energy use intensity.
    public static let buildings: [(id: String, en: String, zh: String, floorAreaM2: Int)] = [
        ("city-hall", "Taipei City Hall (demo)", "臺北市政大樓（示範）", 158_000),
        ("district-office", "Xinyi District Administration Center (demo)", "信義區行政中心（示範）", 21_800),
        ("library-branch", "Public library branch (demo)", "市立圖書館分館（示範）", 6_400),
    ]

    /// Official cars in the fuel log: plate, fuel, litres per fill, days between fills.
    static let vehicles: [(plate: String, fuel: String, litres: Double, everyDays: Int)] = [
        ("RAA-1001", "95無鉛汽油", 42, 9), ("RAA-1002", "95無鉛汽油", 40, 11), ("RAB-2203", "92無鉛汽油", 38, 14),
        ("KAC-3305", "超級柴油", 55, 8), ("RAD-4410", "95無鉛汽油", 45, 12), ("EAE-5520", "超級柴油", 60, 16),
    ]

    /// The buildings other than the city hall: each runs its own edge, forwarding to the central.
    public static let edgeMeters = meters.filter { $0.site != "city-hall" }

    /// A meter's line in a configuration: with its device when `link` is given (where it is polled).
    static func meterLine(_ m: DemoMeter, link: String?, unit: Int, fast: Bool, site: Bool, billing: String? = nil) -> String {
        let tags = m.tags.isEmpty ? "" : ", tags: [\(m.tags.joined(separator: ", "))]"
        let head =
            "  - { id: \(m.id),\(site ? " site: \(m.site)," : "") name: { en: \"\(m.en)\", zh-TW: \(m.zh) }, "
            + "category: \(m.category.rawValue)\(tags)" + (billing.map { ",\n      \($0)" } ?? "")
        guard let link else { return head + " }" }
        return head + ",\n      device: { profile: \(m.profile), link: \(link), unit: \(unit), poll: { fast: \(fast ? "1s" : "5s"), "
            + "slow: \(fast ? "5s" : "60s") } } }"
    }

    /// The site configuration for the demo, as YAML a user can copy. `gateway` is HOST:PORT of
    /// the simulated TCP gateway; `rs485` the serial device of the bus (nil: those meters move to
    /// the gateway). `fast` shortens poll and evaluation intervals for tests. `edgeTokens` (site →
    /// SHA-256 of its token): the other buildings' meters are read by their own edges, which forward
    /// to this central under these tokens. Profiles and dashboards are the built-in ones.
    /// `postgres`: the central keeps the buildings' readings in this database (`storage.postgres`).
    public static func configYAML(
        gateway: String, rs485: String?, port: Int, fast: Bool, edgeTokens: [String: String] = [:], postgres: String? = nil,
        secure: DemoSecurity? = nil, contracts: DemoContracts? = nil, openDataFrom: CivilDate? = nil
    ) -> String {
        var meterLines: [String] = []
        for m in meters {
            let link = m.bus == .rs485 && rs485 != nil ? "rs485" : "gateway"
            let unit = m.bus == .rs485 && rs485 == nil ? m.unit + 100 : m.unit
            meterLines.append(
                meterLine(
                    m, link: m.site == "city-hall" ? link : nil, unit: unit, fast: fast, site: true,
                    billing: m.source == .main ? contracts?.yaml : nil))
        }
        let siteLines = buildings.map { b in
            "  - { id: \(b.id), name: { en: \"\(b.en)\", zh-TW: \"\(b.zh)\" }, floor_area_m2: \(b.floorAreaM2)"
                + (b.id == "city-hall" ? ", fleet: true }" : " }")
        }
        var folders = "server: { bind: \"127.0.0.1:\(port)\" }"
        if !edgeTokens.isEmpty {
            folders =
                "server:\n  bind: \"127.0.0.1:\(port)\"\n"
                + "  tokens:   # the edges' tokens: each forwards its own building's data, nothing else\n"
                + edgeTokens.sorted { $0.key < $1.key }.map { "    - { name: \($0.key)-edge, sha256: \($0.value), site: \($0.key) }" }
                .joined(separator: "\n")
        }
        if let secure {
            if edgeTokens.isEmpty { folders = "server:\n  bind: \"127.0.0.1:\(port)\"" }
            folders += secure.serverYAML
        }
        let polled = meters.filter { $0.site == "city-hall" }.map(\.id)
        let rtuLink =
            rs485.map { "\n  - { id: rs485, rtu: \($0), baud: 19200, parity: N }   # the RS-485 bus (a pseudo-terminal pair from socat)" }
            ?? ""
        // The city hall and the district office publish; the library branch is not chosen, so it appears in no public file.
        let openData = openDataFrom.map { from in
            """
            open_data:
              buildings: [city-hall, district-office]
              categories: [electricity, water, fuel]
              from: \(String(format: "%04d-%02d", from.year, from.month))
              provider: { zh-TW: 臺北市政府秘書處（示範）, en: "Secretariat, Taipei City Government (demo)" }
              contact: { name: 能源管理小組, email: energy@example.gov.tw, phone: 02-2720-8889 }

            """
        }
        return """
            # Meterwatch demo site, written by `meterwatch demo` on every start (the simulator's
            # port and serial device change): copy it elsewhere as a starting point for your own.
            site: { name: { en: "Taipei City Government (demo)", zh-TW: "臺北市政府（示範）" }, timezone: Asia/Taipei }
            sites:
            \(siteLines.joined(separator: "\n"))
            storage: { path: meterwatch.sqlite, raw_retention_days: 730\(postgres.map { ", postgres: \"\($0)\"" } ?? "") }
            \(folders)
            links:
              - { id: gateway, tcp: "\(gateway)" }   # a Modbus TCP gateway: one endpoint, many unit ids\(rtuLink)
            meters:
            \(meterLines.joined(separator: "\n"))
              - { id: water-bill, site: city-hall, name: { en: "Taipei Water bills", zh-TW: 臺北自來水帳單 }, category: water, tags: [bill] }
            kpis:
              - id: electricity-saving
                name: { zh-TW: 用電量較去年同期減少, en: Electricity use below last year }
                unit: "%"
                direction: higher
                target: 1
                derive: { compare: { category: electricity }, against: previous-year, value: reduction-percent }
              - id: water-saving
                name: { zh-TW: 用水量較去年同期減少, en: Water use below last year }
                unit: "%"
                direction: higher
                target: 1
                derive: { compare: { category: water }, against: previous-year, value: reduction-percent }
              - id: fuel-saving
                name: { zh-TW: 公務車油料較去年同期減少, en: Fleet fuel below last year }
                unit: "%"
                direction: higher
                target: 2
                derive: { compare: { category: fuel }, against: previous-year, value: reduction-percent }
              - id: energy-audit
                name: { zh-TW: 節能措施執行率, en: Energy-saving measures carried out }
                unit: "%"
                direction: higher
                target: 95
            alerts:
              evaluate_every: \(fast ? "2s" : "30s")
              rules:
                - { id: annex-leak, type: continuous_flow, meters: [water-annex],
                    threshold: 0.1, hours: \(fast ? "0.01" : "0.1"), severity: critical }
                - { id: night-flow, type: night_flow, meters: [water-main], threshold: 1.5, nights: 3 }
                - { id: water-day, type: daily_use_anomaly, meters: [water-main], factor: 1.5 }
                - { id: burst, type: high_flow, meters: [water-main, water-annex], threshold: 40, for: 2m }
                - { id: demand, type: demand, meters: [main-incomer], share: 0.95, for: 5m }   # against the contracts of billing:
                - { id: ups-power, type: ups, meters: [ups-b1], flags: [OB, LB, RB, OVER], low_charge: 30 }
                - { id: storage, type: storage, meters: [ess], soc_below: 10 }
                - { id: offline, type: stale, meters: [\(polled.joined(separator: ", "))] }
            \(openData ?? "")
            """
    }

    /// An edge's configuration: its building, its meter read over the gateway, its own store, and
    /// forwarding to the central on `centralPort` with the token in `forward.token` beside it.
    public static func edgeYAML(_ m: DemoMeter, gateway: String, centralPort: Int, fast: Bool, secure: DemoSecurity? = nil) -> String {
        let building = buildings.first { $0.id == m.site }!
        let scheme = secure == nil ? "http" : "https"
        let ca = secure.map { ", ca: \"\($0.caFile)\"" } ?? ""
        let every = fast ? "1s" : "5s"
        return """
            # The \(building.en) edge, written by `meterwatch demo`: collects its own meter into its
            # own store and forwards everything to the central.
            site: { id: \(building.id), name: { en: "\(building.en)", zh-TW: "\(building.zh)" }, timezone: Asia/Taipei }
            storage: { path: edge.sqlite, raw_retention_days: 730 }
            links:
              - { id: gateway, tcp: "\(gateway)" }
            meters:
            \(meterLine(m, link: "gateway", unit: m.unit, fast: fast, site: false))
            forward:
              { to: "\(scheme)://127.0.0.1:\(centralPort)", site: \(building.id), token_file: forward.token, every: \(every)\(ca) }

            """
    }
}
