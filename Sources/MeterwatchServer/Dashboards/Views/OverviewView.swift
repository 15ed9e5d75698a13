import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore

/// The overview (`/`): live power and today's load curve, energy and water so far against last
/// year, UPS and storage, firing alerts; one panel per definition entry.
struct OverviewView: Sendable {
    let layout: LayoutView
    let panels: [Panel]

    /// One panel; exactly one kind is set (a template renders whichever is there).
    struct Panel: Sendable {
        var power: PowerPanel?
        var energy: EnergyPanel?
        var water: WaterPanel?
        var ups: UPSPanel?
        var storage: StoragePanel?
        var alerts: AlertsPanel?
    }

    struct PowerPanel: Sendable {
        let title: String
        let value: String?
        let noData: String
        let curveTitle: String
        /// SVG, drawn and escaped by `SVGChart`: the only raw markup a template inserts.
        let chart: String
    }

    struct FigureRow: Sendable {
        let label: String
        let current: String
        let baseline: String
        /// What the baseline is (`114年12月8日（星期一）` for today: a day is compared with a day of its kind).
        let baselineLabel: String
        let change: String
        let changeClass: String
    }

    struct EnergyPanel: Sendable {
        let title: String
        let thisPeriod: String
        let lastYear: String
        let changeLabel: String
        let rows: [FigureRow]
        let noData: String?
        let note: String
    }

    struct WaterPanel: Sendable {
        let title: String
        let flowLabel: String
        let flow: String?
        let usedLabel: String
        let used: String?
        let noData: String
    }

    struct UPSRow: Sendable {
        let name: String
        let status: String
        let statusClass: String
        let gauge: String?
        let charge: String
        let load: String
        let runtime: String
    }

    struct UPSPanel: Sendable {
        let title: String
        let statusLabel: String
        let batteryLabel: String
        let loadLabel: String
        let runtimeLabel: String
        let rows: [UPSRow]
    }

    struct StorageRow: Sendable {
        let name: String
        let gauge: String?
        let soc: String
        let power: String
        let mode: String
    }

    struct StoragePanel: Sendable {
        let title: String
        let socLabel: String
        let statusLabel: String
        let rows: [StorageRow]
    }

    struct AlertItem: Sendable {
        let severityClass: String
        let severity: String
        let href: String
        let message: String
    }

    struct AlertsPanel: Sendable {
        let title: String
        let count: Int
        let items: [AlertItem]
        let none: String?
    }

    init(_ c: PageContext, _ def: DashboardDefinition) throws {
        layout = c.layout(def)
        let figures = SoFar(c)
        panels = try def.panels.compactMap { p in try Self.panel(c, p, figures) }
    }

    /// Today's and this month's figures of a selection, computed once per page: a quantity shown in
    /// two panels (today's water in the water panel and the water-use table) is the same figure.
    final class SoFar {
        let context: PageContext
        var computed: [String: (today: Comparison, month: Comparison)?] = [:]
        init(_ context: PageContext) { self.context = context }

        func of(_ selection: Selection) -> (today: Comparison, month: Comparison)? {
            if let known = computed[selection.description] { return known }
            let found = try? context.figures.soFar(selection)
            computed[selection.description] = .some(found ?? nil)
            return found ?? nil
        }
    }

    /// A panel's selection: its one meter, else its category's total (the same for every panel of
    /// that category, so their figures agree).
    static func selection(_ p: DashboardDefinition.Panel, _ category: MeterCategory) -> Selection {
        p.meters.count == 1 ? .meter(p.meters[0]) : .category(category)
    }

    /// Today's use as a page shows it: water to a tenth of a m³, energy to the kWh.
    static func used(_ c: PageContext, _ value: Double, _ category: MeterCategory) -> String {
        "\(c.num(value, category == .water ? 1 : 0)) \(c.unitName(category.mainQuantity.canonical?.unit ?? ""))"
    }

    static func meters(_ c: PageContext, _ p: DashboardDefinition.Panel, _ category: MeterCategory) -> [MeterConfig] {
        if !p.meters.isEmpty { return p.meters.compactMap { c.state.config.meter(id: $0) } }
        return c.state.config.meters.filter { $0.category == (p.category ?? category) }
    }

    static func title(_ c: PageContext, _ p: DashboardDefinition.Panel, _ phrase: Phrase) -> String { p.title?.text(c.lang) ?? c.t(phrase) }

    static func panel(_ c: PageContext, _ p: DashboardDefinition.Panel, _ figures: SoFar) throws -> Panel? {
        var panel = Panel()
        switch p.kind {
        case .power: panel.power = try power(c, p)
        case .energy: panel.energy = energy(c, p, figures)
        case .water: panel.water = try water(c, p, figures)
        case .ups: panel.ups = try ups(c, p)
        case .storage: panel.storage = try storage(c, p)
        case .alerts: panel.alerts = try alerts(c, p)
        default: return nil
        }
        if p.kind == .ups && panel.ups == nil || p.kind == .storage && panel.storage == nil { return nil }
        return panel
    }

    static func power(_ c: PageContext, _ p: DashboardDefinition.Panel) throws -> PowerPanel {
        let ms = meters(c, p, .electricity)
        let today = c.calendar.civilDate(at: c.now)
        let curveToday = try c.figures.loadCurve(ms, day: today)
        let curveLast = try c.figures.loadCurve(ms, day: today.adding(days: -7))
        func points(_ curve: [Double?]) -> [(x: Double, y: Double?)] { curve.enumerated().map { (Double($0.offset) / 4, $0.element) } }
        let chart = SVGChart.lines(
            [
                .init(name: c.t(.lastWeek), cssClass: "series-last-week", points: points(curveLast)),
                .init(name: c.t(.today), cssClass: "series-today", points: points(curveToday)),
            ], xMax: 24, xTicks: stride(from: 0, through: 24, by: 3).map { (Double($0), String(format: "%02d", $0)) }, unit: "kW",
            label: c.t(.loadToday))
        return PowerPanel(
            title: title(c, p, .powerNow), value: try c.figures.powerNow(ms).map { c.num($0) }, noData: c.t(.noData),
            curveTitle: c.t(.loadToday), chart: chart)
    }

    static func energy(_ c: PageContext, _ p: DashboardDefinition.Panel, _ figures: SoFar) -> EnergyPanel {
        let category = p.category ?? .electricity
        func row(_ label: String, _ cmp: Comparison) -> FigureRow {
            let pct = cmp.change?.percent
            return FigureRow(
                label: label, current: used(c, cmp.current.value, category),
                baseline: cmp.baseline.coverage > 0 ? used(c, cmp.baseline.value, category) : "—",
                baselineLabel: cmp.baseline.label.text(c.lang),
                change: cmp.baseline.coverage > 0 ? c.signedPercent(pct) : "—", changeClass: c.changeClass(pct))
        }
        let soFar = figures.of(selection(p, category))
        return EnergyPanel(
            title: title(c, p, category == .water ? .water : .electricity), thisPeriod: c.t(.thisPeriod),
            lastYear: c.t(.sameTimeLastYear), changeLabel: c.t(.change),
            rows: soFar.map { [row(c.t(.today), $0.today), row(c.t(.thisMonth), $0.month)] } ?? [],
            noData: soFar == nil ? c.t(.noData) : nil, note: c.t(.soFarNote))
    }

    static func water(_ c: PageContext, _ p: DashboardDefinition.Panel, _ figures: SoFar) throws -> WaterPanel {
        let flow = try c.figures.flowNow(meters(c, p, .water))
        let today = figures.of(selection(p, .water))?.today
        return WaterPanel(
            title: title(c, p, .water), flowLabel: c.t(.flowNow), flow: flow.map { c.num($0, 2) }, usedLabel: c.t(.usedToday),
            used: today.map { used(c, $0.current.value, .water) }, noData: c.t(.noData))
    }

    static func ups(_ c: PageContext, _ p: DashboardDefinition.Panel) throws -> UPSPanel? {
        let rows = try c.figures.ups(meters(c, p, .ups)).map { u in
            UPSRow(
                name: u.meter.displayName(c.lang), status: u.flags?.description ?? c.t(.noData), statusClass: u.alarm ? "alarm" : "ok",
                gauge: u.chargePercent.map { SVGChart.meter(percent: $0, cssClass: "battery", label: "\(c.t(.battery)) \(c.num($0)) %") },
                charge: u.chargePercent.map { "\(c.num($0)) %" } ?? "—", load: u.loadPercent.map { "\(c.num($0)) %" } ?? "—",
                runtime: u.runtimeSeconds.map { "\(c.num($0 / 60)) min" } ?? "—")
        }
        guard !rows.isEmpty else { return nil }
        return UPSPanel(
            title: title(c, p, .ups), statusLabel: c.t(.status), batteryLabel: c.t(.battery), loadLabel: c.t(.load),
            runtimeLabel: c.t(.runtime), rows: rows)
    }

    static func storage(_ c: PageContext, _ p: DashboardDefinition.Panel) throws -> StoragePanel? {
        let rows = try c.figures.storage(meters(c, p, .storage)).map { s in
            let mode: String =
                switch s.mode {
                case .charging: c.t(.charging)
                case .discharging: c.t(.discharging)
                case .idle: c.t(.idle)
                case nil: c.t(.noData)
                }
            return StorageRow(
                name: s.meter.displayName(c.lang),
                gauge: s.socPercent.map { SVGChart.meter(percent: $0, cssClass: "soc", label: "\(c.t(.stateOfCharge)) \(c.num($0)) %") },
                soc: s.socPercent.map { "\(c.num($0, 1)) %" } ?? "—", power: s.powerW.map { "\(c.num($0 / 1000, 1)) kW" } ?? "—", mode: mode
            )
        }
        guard !rows.isEmpty else { return nil }
        return StoragePanel(title: title(c, p, .storage), socLabel: c.t(.stateOfCharge), statusLabel: c.t(.status), rows: rows)
    }

    static func alerts(_ c: PageContext, _ p: DashboardDefinition.Panel) throws -> AlertsPanel {
        let firing = try c.state.alerts(state: .firing, limit: 50)
        let items = firing.map { a in
            AlertItem(
                severityClass: "sev-\(a.severity.rawValue)", severity: c.t(.alertSeverity(a.severity)),
                href: "/alerts?lang=\(c.lang.rawValue)#alert-\(a.id)", message: c.lang.pick(a.messageEN, a.messageZH))
        }
        return AlertsPanel(
            title: title(c, p, .firingAlerts), count: firing.count, items: items, none: firing.isEmpty ? c.t(.noFiringAlerts) : nil)
    }
}
