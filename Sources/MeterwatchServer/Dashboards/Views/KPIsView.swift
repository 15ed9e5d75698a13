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
    let rows: [Row]

    struct Row: Sendable {
        let name: String
        let target: String
        let actual: String
        let gauge: String?
        let attainment: String
        let status: String
        let statusClass: String
        let reason: String?
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
        guard let period = try? Period.parse(periodText) else {
            error = c.t(.badPeriod(periodText))
            rows = []
            return
        }
        error = nil
        rows = try KPIEvaluator(engine: c.engine).evaluate(period: period).map { r in
            let unit = r.unit == "%" ? "%" : " \(r.unit)"
            return Row(
                name: r.displayName(c.lang), target: DisplayFormat.asWritten(r.target) + unit,
                actual: r.actual.map { DisplayFormat.asWritten($0) + unit } ?? "—",
                gauge: r.attainmentPercent.map {
                    SVGChart.meter(percent: $0, cssClass: "attainment", label: "\(c.t(.attainment)) \(c.num($0, 2)) %")
                },
                attainment: r.attainmentPercent.map { "\(c.num($0, 2)) %" } ?? "—", status: c.t(.kpiStatus(r.status)),
                statusClass: "kpi-\(r.status.rawValue)", reason: r.reason.map(c.t))
        }
    }
}
