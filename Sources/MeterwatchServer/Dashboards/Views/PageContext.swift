import Foundation
import MeterwatchCore
import MeterwatchEngine

/// What every page's view is built from: the server's state, the reader's language, the time and
/// the query. Views turn engine figures into formatted, translated strings; templates lay them out.
struct PageContext: Sendable {
    var state: ServerState
    let lang: Language
    let now: Int64
    /// Query parameters (kept in language links).
    let query: [String: String]
    /// Who is reading (nil: not signed in, in `auth.mode: open`).
    var principal: Principal? = nil

    /// The session's CSRF token, for the page's forms.
    var csrf: String { principal?.csrf ?? "" }
    /// Whether the reader may `p` (a form is shown only to those who may send it).
    func may(_ p: Permission) -> Bool { principal?.permissions.contains(p) ?? false }
    /// Whether the reader is signed in with a session (forms need one: a token cannot fill them in).
    var hasSession: Bool { principal?.sessionIDHash != nil }

    var engine: ComparisonEngine { state.engine(now: now) }
    var figures: DashboardFigures { DashboardFigures(engine: engine) }
    var calendar: LocalCalendar { state.calendar }

    func t(_ phrase: Phrase) -> String { phrase.text(lang) }
    func num(_ v: Double, _ decimals: Int = 0) -> String { DisplayFormat.number(v, decimals: decimals) }
    func signedPercent(_ v: Double?) -> String { v.map { DisplayFormat.number($0, decimals: 2, explicitPlus: true) + " %" } ?? "—" }
    func unitName(_ unit: String) -> String { DisplayUnits.name(unit, lang) }

    /// `up` or `down` for a change, for colour.
    func changeClass(_ v: Double?) -> String {
        guard let v else { return "" }
        return v < 0 ? "down" : (v > 0 ? "up" : "")
    }

    func layout(_ def: DashboardDefinition, status: String? = nil) -> LayoutView { LayoutView(self, def, status: status) }
}
