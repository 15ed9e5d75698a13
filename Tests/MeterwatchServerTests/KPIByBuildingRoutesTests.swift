import Foundation
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import Testing

@testable import MeterwatchServer

/// KPIs across buildings through the API and the KPIs page: `by=site` gives each KPI's row for the
/// whole deployment and for each building; a building's own KPI keeps its actual under it.
@Suite struct KPIByBuildingRoutesTests {
    static let token = "mw_" + String(repeating: "f0", count: 32)
    static let yaml = """
        site: { name: City, timezone: Asia/Taipei }
        server: { tokens: [ { name: facilities, sha256: \(TokenRegistry.hex(TokenRegistry.digest(token))) } ] }
        sites:
          - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 } }
          - { id: library, name: { en: Library, zh-TW: 圖書館 } }
        meters:
          - { id: hall-power, site: hall, category: electricity }
          - { id: lib-power, site: library, category: electricity }
        kpis:
          - { id: power-cut, name: { en: Power cut, zh-TW: 節電率 }, target: 5, unit: "%", derive: { compare: { category: electricity } } }
          - { id: lib-budget, site: library, name: { en: Library budget, zh-TW: 圖書館預算執行率 }, target: 95, unit: "%" }
        """

    static func bills(_ meter: String, _ values: [Double]) -> String {
        values.enumerated().map { i, v in
            let start = CivilDate(year: 2024, month: 1, day: 1).adding(months: i)
            return "\(meter),\(start),\(start.adding(months: 1)),\(v)\n"
        }.joined()
    }

    @Test func everyKPIHasItsBuildingsRowsInTheAPIAndOnThePage() async throws {
        let site = try ServerTestSite(Self.yaml, now: "2026-03-01T10:00:00+08:00")
        try site.importReadings(
            "meter,start,end,value\n" + Self.bills("hall-power", Array(repeating: 1_000, count: 12) + Array(repeating: 900, count: 12))
                + Self.bills("lib-power", Array(repeating: 100, count: 12) + Array(repeating: 102, count: 12)))
        try await site.test { client in
            try await client.execute(
                uri: "/api/v1/kpis/lib-budget/actuals/2025", method: .put,
                headers: [.authorization: "Bearer \(Self.token)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"actual": 97.25}"#)
            ) { #expect($0.status == .ok, "\($0.text)") }
            try await client.execute(uri: "/api/v1/kpis?period=2025&by=site", method: .get) { r in
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [[String: Any]])
                let keys = rows.map { "\($0["id"] as? String ?? "?")@\($0["site"] as? String ?? "*")" }
                #expect(keys == ["power-cut@*", "power-cut@hall", "power-cut@library", "lib-budget@library"], "\(rows)")
                // The whole 13,200 → 12,024 kWh (−8.91 %), the hall −10 %, the library +2 %.
                let actuals = rows.map { $0["actual"] as? Double ?? .nan }
                let expected = [(13_200.0 - 12_024) / 13_200 * 100, 10, -2, 97.25]
                #expect(zip(actuals, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(actuals)")
            }
            try await client.execute(uri: "/api/v1/kpis?period=2025&by=building", method: .get) { r in
                #expect(r.status == .badRequest && r.text.contains("by: expected site"), "\(r.text)")
            }
            // Narrowed to the library: its rows alone, its own KPI with its actual.
            try await client.execute(uri: "/api/v1/kpis?period=2025&site=library", method: .get) { r in
                let rows = try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [[String: Any]])
                #expect(
                    rows.map { $0["id"] as? String } == ["power-cut", "lib-budget"]
                        && rows.allSatisfy { $0["site"] as? String == "library" })
                let actuals = rows.map { $0["actual"] as? Double ?? .nan }
                #expect(abs(actuals[0] + 2) < 1e-9 && actuals[1] == 97.25, "\(actuals)")
            }
            try await client.execute(uri: "/kpis?period=2025&lang=zh-TW", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<th>建築物</th>") && r.text.contains("<th>節電率</th><td>全部建築物</td>"), "\(r.text)")
                #expect(r.text.contains("<th>圖書館預算執行率</th><td>圖書館</td>"))
            }
        }
    }
}
