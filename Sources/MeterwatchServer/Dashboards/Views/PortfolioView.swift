import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine

/// The Buildings page: every building of `sites:` for a period against its baseline, with energy
/// use intensity over the last twelve complete months, ranked, and the total.
struct PortfolioView: Sendable {
    let layout: LayoutView
    let form: PeriodFormView
    let error: String?
    let panels: [Panel]

    struct Row: Sendable {
        let rank: String
        let name: String
        let href: String?
        let area: String
        let current: String
        let baseline: String
        let change: String
        let changeClass: String
        let intensity: String
        let bar: String?
        let intensityChange: String
        let intensityChangeClass: String
        let rankByChange: String
    }

    struct Panel: Sendable {
        let title: String
        let periodLine: String
        let intensityLine: String
        let rankLabel: String
        let buildingLabel: String
        let areaLabel: String
        let currentLabel: String
        let baselineLabel: String
        let changeLabel: String
        let intensityLabel: String
        let intensityChangeLabel: String
        let rankByChangeLabel: String
        let rows: [Row]
        let total: Row
        let note: String
        let warnings: [String]
    }

    init(_ c: PageContext, _ def: DashboardDefinition) throws {
        layout = c.layout(def)
        let periodText = c.query["period"] ?? def.defaultPeriod ?? String(c.calendar.civilDate(at: c.now).year)
        form = PeriodFormView(c, def, period: periodText)
        guard let period = try? Period.parse(periodText), let against = try? Baseline.parse(c.query["against"] ?? "previous-year")
        else {
            error = c.t(.badPeriod(periodText))
            panels = []
            return
        }
        error = nil
        let engine = PortfolioEngine(config: c.state.config, store: c.state.central, now: c.now)
        panels = try def.panels.map { panel in
            Self.panel(c, panel, try engine.portfolio(panel.category ?? .electricity, period: period, against: against))
        }
    }

    static func panel(_ c: PageContext, _ def: DashboardDefinition.Panel, _ p: Portfolio) -> Panel {
        let unit = c.unitName(p.unit)
        let decimals = DisplayUnits.decimals(p.unit)
        let top = p.rows.compactMap(\.intensity).max() ?? 0
        func row(_ r: PortfolioRow) -> Row {
            let change = r.comparison?.change?.percent
            return Row(
                rank: r.rankByIntensity.map { "\($0)" } ?? "", name: r.building?.displayName(c.lang) ?? c.t(.total),
                href: r.building.map { "/?lang=\(c.lang.rawValue)&site=\(HTML.urlEncode($0.id))" },
                area: r.floorAreaM2.map { c.num($0) } ?? "—", current: r.comparison.map { c.num($0.current.value, decimals) } ?? "—",
                baseline: r.comparison.map { c.num($0.baseline.value, decimals) } ?? "—", change: c.signedPercent(change),
                changeClass: c.changeClass(change), intensity: r.intensity.map { c.num($0, 1) } ?? "—",
                bar: r.building == nil || top <= 0
                    ? nil
                    : r.intensity.map {
                        SVGChart.meter(
                            percent: $0 / top * 100, cssClass: "intensity", label: "\(c.t(.intensity(p.category))) \(c.num($0, 1))")
                    },
                intensityChange: c.signedPercent(r.intensityChangePercent), intensityChangeClass: c.changeClass(r.intensityChangePercent),
                rankByChange: r.rankByChange.map { "\($0)" } ?? "")
        }
        let warnings = (p.rows + [p.total]).flatMap { r -> [String] in
            guard let reason = r.comparison?.reason else { return [] }
            return ["\(r.building?.displayName(c.lang) ?? c.t(.total)): \(c.t(reason))"]
        }
        return Panel(
            title: def.title?.text(c.lang) ?? "\(c.t(.portfolio)) · \(c.t(.category(p.category)))",
            periodLine: p.periodLine(c.lang) ?? "", intensityLine: c.t(p.intensityWindow),
            rankLabel: c.t(.rankByIntensity), buildingLabel: c.t(.building), areaLabel: c.t(.floorArea),
            currentLabel: "\(c.t(.thisPeriod)) (\(unit))", baselineLabel: "\(c.t(.baseline)) (\(unit))", changeLabel: c.t(.change),
            intensityLabel: c.t(.intensity(p.category)), intensityChangeLabel: c.t(.intensityChange), rankByChangeLabel: c.t(.rankByChange),
            rows: p.rankedByIntensity.map(row), total: row(p.total), note: c.t(.intensityNote), warnings: warnings)
    }
}
