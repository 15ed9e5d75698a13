import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchEngine

/// KPIs across the buildings of a deployment: a deployment's derived KPI for the whole and for each
/// building with meters of its selection, a building's own KPI (`site:`) for that building alone,
/// wherever it is evaluated from; entered actuals per KPI.
@Suite struct KPIByBuildingTests {
    static let yaml =
        PortfolioTests.yaml + """

            kpis:
              - { id: power-cut, target: 5, unit: "%", derive: { compare: { category: electricity } } }
              - { id: budget, target: 95, unit: "%" }
              - { id: b-budget, site: b, target: 95, unit: "%" }
              - { id: a-main-cut, site: a, target: 12, unit: "%", derive: { compare: { meter: a-main } } }
            """

    @Test(arguments: Backend.allCases) func everyKPIHasARowPerBuildingItAppliesTo(_ backend: Backend) throws {
        let site = try TestSite(Self.yaml, backend: backend)
        try site.importReadings(PortfolioTests.bills)
        try site.store.setKPIActual(KPIActual(kpi: "budget", period: "2025", actual: 92.39, enteredBy: "秘書處", enteredAtMs: 0))
        try site.store.setKPIActual(KPIActual(kpi: "b-budget", period: "2025", actual: 97.25, enteredBy: "b", enteredAtMs: 0))
        let now = try TimeParser(calendar: site.store.calendar).parseInstant("2026-03-15T12:00:00+08:00")
        var engine = try site.engine
        engine.now = now
        let rows = try KPIEvaluator(engine: engine).evaluateByBuilding(period: try Period.parse("2025"))
        #expect(
            rows.map { "\($0.id)@\($0.site ?? "*")" } == [
                "power-cut@*", "power-cut@a", "power-cut@b", "power-cut@c", "power-cut@e", "budget@*", "b-budget@b", "a-main-cut@a",
            ])
        func row(_ id: String, _ site: String?) throws -> KPIResult { try #require(rows.first { $0.id == id && $0.site == site }) }
        // Each building's reduction is its own: A −10 %, B +5 %, C −20 %; E has no baseline year.
        let (a, b, c, e) = (try row("power-cut", "a"), try row("power-cut", "b"), try row("power-cut", "c"), try row("power-cut", "e"))
        #expect(a.actual == 10 && a.status == .met)
        #expect(b.actual == -5 && b.status == .notMet)
        #expect(c.actual == 20)
        #expect(e.actual == nil && e.status == .notApplicable)
        // The whole deployment's row is the portfolio's total, reversed.
        let portfolio = try PortfolioEngine(config: site.config, store: try site.readings, now: now)
            .portfolio(.electricity, period: try Period.parse("2025"), against: .previousYear)
        // E's new meter has no baseline year, so the whole deployment's change is not given either.
        let whole = try row("power-cut", nil)
        #expect(portfolio.total.comparison != nil && portfolio.total.comparison?.change == nil)
        #expect(whole.actual == nil && whole.status == .notApplicable && whole.reason != nil, "\(whole)")
        // Entered: the deployment's and B's own; A's own derived KPI compares A's main meter alone.
        let (budget, bBudget, aMain) = (try row("budget", nil), try row("b-budget", "b"), try row("a-main-cut", "a"))
        #expect(budget.actual == 92.39 && bBudget.actual == 97.25)
        #expect(aMain.actual == 10 && aMain.status == .notMet && aMain.attainmentUncappedPercent == 10 / 12.0 * 100)
        // Evaluated for the whole deployment, A's KPI still compares A (not every meter named a-main's selection).
        let plain = try KPIEvaluator(engine: engine).evaluate(period: try Period.parse("2025"))
        #expect(plain.map(\.id) == ["power-cut", "budget", "b-budget", "a-main-cut"] && plain[3] == aMain)
        // Narrowed to B: B's rows alone, B's entered KPI among them.
        let scopedB = try #require(site.config.scoped(to: "b"))
        let inB = try KPIEvaluator(engine: engine.narrowed(to: scopedB)).evaluateByBuilding(period: try Period.parse("2025"))
        #expect(inB.map(\.id) == ["power-cut", "b-budget"] && inB.allSatisfy { $0.site == "b" } && inB.first == b)
    }
}
