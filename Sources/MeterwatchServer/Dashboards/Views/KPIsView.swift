import MeterwatchCore
import MeterwatchEngine

/// The KPI page: target, actual, attainment and status of every KPI for a period; a period in
/// progress gives provisional statuses (on track, behind).
struct KPIsView: Sendable {
    let layout: LayoutView
    let form: PeriodFormView
    let error: String?
    let kpiLabel: String
    let targetLabel: String
    let actualLabel: String
    let attainmentLabel: String
    let statusLabel: String
    /// In a deployment of several buildings (no building picked): each KPI's row for the whole
    /// deployment, then one per building it applies to.
    let buildingLabel: String?
    let rows: [Row]

    struct Row: Sendable {
        let name: String
        let building: String?
        let target: String
        let actual: String
        let gauge: String?
        let attainment: String
        let status: String
        let statusClass: String
        let reason: String?
        /// An entered KPI's form, for an operator signed in (derived ones are computed).
        let form: ActualForm?
    }

    struct ActualForm: Sendable {
        let action: String
        let csrf: String
        let period: String
        let actualLabel: String
        let noteLabel: String
        let button: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition) throws {
        layout = c.layout(def)
        let periodText = c.query["period"] ?? def.defaultPeriod ?? String(c.calendar.civilDate(at: c.now).year)
        form = PeriodFormView(c, def, period: periodText, withAgainst: false)
        kpiLabel = c.t(.kpi)
        targetLabel = c.t(.target)
        actualLabel = c.t(.actual)
        attainmentLabel = c.t(.attainment)
        statusLabel = c.t(.status)
        let config = c.state.config
        let byBuilding = config.scope == nil && config.buildings.count > 1
        buildingLabel = byBuilding ? c.t(.building) : nil
        guard let period = try? Period.parse(periodText) else {
            error = c.t(.badPeriod(periodText))
            rows = []
            return
        }
        error = nil
        let evaluator = KPIEvaluator(engine: c.engine)
        let entering = c.may(.kpis) && c.hasSession
        let siteParameter = config.scope.map { "&site=\(HTML.urlEncode($0.id))" } ?? ""
        rows = try (byBuilding ? evaluator.evaluateByBuilding(period: period) : evaluator.evaluate(period: period)).map { r in
            let entered = config.kpis.first { $0.id == r.id }?.derive == nil
            let form =
                entering && entered && (r.site == nil || r.site == config.kpis.first { $0.id == r.id }?.site)
                ? ActualForm(
                    action: "/kpis/\(HTML.urlEncode(r.id))/actual?lang=\(c.lang.rawValue)\(siteParameter)", csrf: c.csrf, period: period.id,
                    actualLabel: c.t(.actual), noteLabel: c.t(.comment), button: c.t(.save))
                : nil
            let unit = r.unit == "%" ? "%" : " \(r.unit)"
            let building = r.site.map { id in config.building(id: id)?.displayName(c.lang) ?? id } ?? c.t(.allBuildings)
            return Row(
                name: r.displayName(c.lang), building: byBuilding ? building : nil, target: DisplayFormat.asWritten(r.target) + unit,
                actual: r.actual.map { DisplayFormat.asWritten($0) + unit } ?? "—",
                gauge: r.attainmentPercent.map {
                    SVGChart.meter(percent: $0, cssClass: "attainment", label: "\(c.t(.attainment)) \(c.num($0, 2)) %")
                },
                attainment: r.attainmentPercent.map { "\(c.num($0, 2)) %" } ?? "—", status: c.t(.kpiStatus(r.status)),
                statusClass: "kpi-\(r.status.rawValue)", reason: r.reason.map(c.t), form: form)
        }
    }
}
