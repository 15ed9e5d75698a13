import MeterwatchCore

/// The period picker of the Compare, KPI and Report pages.
struct PeriodFormView: Sendable {
    let action: String
    let lang: String
    let periodLabel: String
    let period: String
    let againstLabel: String?
    let against: String?
    let showLabel: String
    /// The building the page is narrowed to, kept when the form is sent.
    let site: String?

    init(_ c: PageContext, _ def: DashboardDefinition, period: String, withAgainst: Bool = true) {
        action = def.page.path
        lang = c.lang.rawValue
        periodLabel = c.t(.period)
        self.period = period
        againstLabel = withAgainst ? c.t(.against) : nil
        against = withAgainst ? c.query["against"] ?? "previous-year" : nil
        showLabel = c.t(.show)
        site = c.state.config.scope?.id
    }
}
