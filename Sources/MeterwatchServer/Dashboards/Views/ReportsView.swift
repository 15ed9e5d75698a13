import Foundation
import MeterwatchCore
import MeterwatchEngine

/// The Report page: the period picker, the downloads, a print button and the report itself.
struct ReportsView: Sendable {
    let layout: LayoutView
    let form: PeriodFormView
    let error: String?
    let downloadCSV: String?
    let downloadMarkdown: String?
    let downloadLabel: String
    let printLabel: String
    let completeMonthsHref: String?
    let completeMonthsLabel: String
    let report: ReportDocumentView?

    init(_ c: PageContext, _ def: DashboardDefinition, style: String) {
        layout = c.layout(def)
        let periodText = c.query["period"] ?? def.defaultPeriod ?? String(c.calendar.civilDate(at: c.now).year)
        form = PeriodFormView(c, def, period: periodText)
        downloadLabel = c.t(.download)
        printLabel = c.t(.print)
        completeMonthsLabel = c.t(.completeMonthsOnly)
        do {
            let period = try Period.parse(periodText)
            let against = try Baseline.parse(c.query["against"] ?? "previous-year")
            let complete = c.query["complete_months"] == "true"
            let r = try ReportBuilder(engine: c.engine).build(
                period: period, against: against, language: c.lang, completeMonthsOnly: complete)
            let q =
                "period=\(HTML.urlEncode(period.id))&against=\(HTML.urlEncode(against.id))&lang=\(c.lang.rawValue)"
                + (complete ? "&complete_months=true" : "")
            downloadCSV = "/api/v1/reports?\(q)&format=csv&download=1"
            downloadMarkdown = "/api/v1/reports?\(q)&format=md&download=1"
            completeMonthsHref = r.inProgress && !complete ? "/reports?\(q)&complete_months=true" : nil
            report = ReportDocumentView(r, style: style)
            error = nil
        } catch {
            self.error = ErrorText.phrase(error).map(c.t) ?? "\(error)"
            downloadCSV = nil
            downloadMarkdown = nil
            completeMonthsHref = nil
            report = nil
        }
    }
}
