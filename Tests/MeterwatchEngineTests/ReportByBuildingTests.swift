import Foundation
import MeterwatchConfig
import MeterwatchCore
import Testing

@testable import MeterwatchEngine

/// The council report of a deployment of several buildings: the totals, then each category's row
/// for every building that has it, and each KPI's rows by building; the same to the last digit on
/// both backends.
@Suite struct ReportByBuildingTests {
    @Test func aReportOfSeveralBuildingsAddsEveryBuildingsRows() throws {
        var reports: [CouncilReport] = []
        for backend in Backend.allCases {
            let site = try TestSite(KPIByBuildingTests.yaml, backend: backend)
            try site.importReadings(PortfolioTests.bills)
            var engine = try site.engine
            engine.now = try TimeParser(calendar: site.store.calendar).parseInstant("2026-03-15T12:00:00+08:00")
            reports.append(
                try ReportBuilder(engine: engine).build(period: try Period.parse("2025"), against: .previousYear, language: .zhTW))
        }
        let report = reports[0]
        // Electricity in A, B, C and E (D has only a water meter, without readings).
        let rows = report.buildingRows
        #expect(
            rows.map { "\($0.category.rawValue)@\($0.site ?? "?")" } == [
                "electricity@a", "electricity@b", "electricity@c", "electricity@e",
            ])
        #expect(rows.map(\.current) == [1_080_000, 378_000, 48_000, 2_100] && rows.map(\.baseline) == [1_200_000, 360_000, 60_000, 0])
        #expect(rows[0].changePercent == -10 && rows[0].building == "甲棟" && rows[3].change == nil)
        // The buildings add up to the total.
        let total = try #require(report.rows.first { $0.category == .electricity })
        #expect(abs(rows.map(\.current).reduce(0, +) - total.current) < 1e-6)
        // KPIs by building, named with their building.
        #expect(report.kpis.map { "\($0.id)@\($0.site ?? "*")" }.prefix(3) == ["power-cut@*", "power-cut@a", "power-cut@b"])
        let markdown = ReportRenderer.markdown(report)
        #expect(
            markdown.contains("### 各建築物") && markdown.contains("| 用電量（度） | 甲棟 | 1,080,000 | 1,200,000 | -120,000 | -10.00% |"),
            "\(markdown)")
        #expect(markdown.contains("| power-cut（甲棟） |"), "\(markdown)")
        let csv = ReportRenderer.csv(report)
        #expect(csv.contains("building,用電量（甲棟）,度,1080000.0,1200000.0,-120000.0,-10.0,,whole"), "\(csv)")
        // PostgreSQL gives the same report.
        #expect(csv == ReportRenderer.csv(reports[1]) && markdown == ReportRenderer.markdown(reports[1]))
        // Narrowed to one building: its own report, no rows by building.
        let scoped = try TestSite(KPIByBuildingTests.yaml)
        try scoped.importReadings(PortfolioTests.bills)
        var inB = ComparisonEngine(config: try #require(scoped.config.scoped(to: "b")), store: scoped.store)
        inB.now = try TimeParser(calendar: scoped.store.calendar).parseInstant("2026-03-15T12:00:00+08:00")
        let b = try ReportBuilder(engine: inB).build(period: try Period.parse("2025"), against: .previousYear, language: .en)
        #expect(b.buildingRows.isEmpty && b.rows.first?.current == 378_000 && !ReportRenderer.markdown(b).contains("By building"))
    }
}
