import Foundation
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchServer

/// A deployment of several buildings over HTTP: `/api/v1/sites`, `/api/v1/portfolio`, `site=` on
/// the API and `?site=` on the pages, with the building picker.
@Suite struct SiteRoutesTests {
    static let yaml = """
        site: { name: { en: City Government, zh-TW: 市政府 }, timezone: Asia/Taipei }
        sites:
          - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 }, floor_area_m2: 10000 }
          - { id: library, name: { en: Library, zh-TW: 圖書館 }, floor_area_m2: 2000 }
        meters:
          - { id: hall-power, site: hall, name: { en: Hall incomer, zh-TW: 大樓總進線 }, category: electricity, tags: [main] }
          - { id: hall-tap, site: hall, category: water }
          - { id: library-power, site: library, name: { en: Library incomer, zh-TW: 圖書館總進線 }, category: electricity }
        kpis:
          - { id: power-down, name: { en: Power down, zh-TW: 用電減少 }, unit: "%", target: 1, derive: { compare: { category: electricity } } }
          - { id: water-down, name: { en: Water down, zh-TW: 用水減少 }, unit: "%", target: 1, derive: { compare: { category: water } } }
        """

    /// Monthly bills for 2024 and 2025: the hall 100,000 → 90,000 kWh a month, the library 30,000 →
    /// 31,500; a firing alert on the library's meter.
    func site() throws -> ServerTestSite {
        let site = try ServerTestSite(Self.yaml, now: "2026-03-15T10:30:00+08:00")
        var csv = "meter,start,end,value\n"
        for (meter, before, after) in [("hall-power", 100_000, 90_000), ("library-power", 30_000, 31_500)] {
            for i in 0..<24 {
                let s = CivilDate(year: 2024, month: 1, day: 1).adding(months: i)
                csv += "\(meter),\(s),\(s.adding(months: 1)),\(i < 12 ? before : after)\n"
            }
        }
        try site.importReadings(csv)
        let now = site.clock.nowMs()
        var alert = StoredAlert(
            rule: "burst", subject: "library-power", meter: "library-power", type: "high_flow", severity: .critical, state: .firing,
            startedAtMs: now, updatedAtMs: now, value: 1, threshold: 0.5, unit: "kW", messageEN: "m", messageZH: "m", details: [:])
        alert.firedAtMs = now
        _ = try site.store.commitAlertChanges([AlertChange(alert: alert, event: .firing, atMs: now)])
        return site
    }

    static func json(_ response: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(buffer: response.body)) }

    @Test func theAPIListsTheBuildingsAndRanksThem() async throws {
        let site = try site()
        try await site.test { client in
            try await client.execute(uri: "/api/v1/sites", method: .get) { response in
                let sites = try #require(try Self.json(response) as? [[String: Any]])
                #expect(sites.map { $0["id"] as? String } == ["hall", "library"])
                #expect(sites[0]["meters"] as? [String] == ["hall-power", "hall-tap"] && sites[1]["floor_area_m2"] as? Double == 2_000)
            }
            try await client.execute(uri: "/api/v1/portfolio?period=2025&lang=zh-TW", method: .get) { response in
                #expect(response.status == .ok)
                let p = try #require(try Self.json(response) as? [String: Any])
                let rows = try #require(p["buildings"] as? [[String: Any]])
                #expect(rows.map { $0["site"] as? String } == ["hall", "library"])
                #expect(rows.map { $0["intensity"] as? Double } == [108, 189])
                #expect(rows.map { $0["rank_by_intensity"] as? Int } == [1, 2] && rows.map { $0["rank_by_change"] as? Int } == [1, 2])
                let total = try #require(p["total"] as? [String: Any])
                #expect(total["intensity"] as? Double == (1_080_000 + 378_000) / 12_000.0)
                let side = ((total["comparison"] as? [String: Any])?["current"] as? [String: Any])
                #expect(side?["value"] as? Double == 1_458_000 && side?["label"] as? String == "114年")
            }
            try await client.execute(uri: "/api/v1/portfolio?category=gas", method: .get) { #expect($0.status == .badRequest) }
            // Narrowed to one building, the portfolio is its row.
            try await client.execute(uri: "/api/v1/portfolio?period=2025&site=library", method: .get) { response in
                let p = try #require(try Self.json(response) as? [String: Any])
                #expect((p["buildings"] as? [[String: Any]])?.map { $0["site"] as? String } == ["library"])
                #expect((p["total"] as? [String: Any])?["intensity"] as? Double == 189)
            }
        }
    }

    @Test func siteNarrowsEveryAnswerToOneBuilding() async throws {
        let site = try site()
        try await site.test { client in
            try await client.execute(uri: "/api/v1/compare?category=electricity&period=2025&site=library", method: .get) { response in
                let c = try #require((try Self.json(response) as? [String: Any])?["comparison"] as? [String: Any])
                #expect((c["current"] as? [String: Any])?["value"] as? Double == 378_000)
            }
            try await client.execute(uri: "/api/v1/compare?category=electricity&period=2025", method: .get) { response in
                let c = try #require((try Self.json(response) as? [String: Any])?["comparison"] as? [String: Any])
                #expect((c["current"] as? [String: Any])?["value"] as? Double == 1_458_000)
            }
            // Another building's meter is unknown here.
            try await client.execute(uri: "/api/v1/compare?meter=hall-power&period=2025&site=library", method: .get) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/meters?site=library", method: .get) { response in
                try #expect((Self.json(response) as? [[String: Any]])?.map { $0["id"] as? String } == ["library-power"])
            }
            try await client.execute(uri: "/api/v1/kpis?period=2025&site=library", method: .get) { response in
                try #expect((Self.json(response) as? [[String: Any]])?.map { $0["id"] as? String } == ["power-down"])
            }
            try await client.execute(uri: "/api/v1/alerts?site=hall", method: .get) { response in
                try #expect((Self.json(response) as? [Any])?.count == 0)
            }
            try await client.execute(uri: "/api/v1/alerts?site=library", method: .get) { response in
                try #expect((Self.json(response) as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/compare?category=electricity&period=2025&site=annex", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(String(buffer: response.body).contains("unknown site 'annex' (sites: hall, library)"))
            }
        }
    }

    @Test func thePagesPickABuildingAndKeepIt() async throws {
        let site = try site()
        try await site.test { client in
            try await client.execute(uri: "/portfolio?period=2025&lang=zh-TW", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains("<h1>建築群</h1>") && html.contains(">108.0</td>") == false && html.contains("108.0"))
                #expect(html.contains("<a href=\"/?lang=zh-TW&amp;site=library\">圖書館</a>"))
                #expect(html.contains("能源使用強度（度/平方公尺·年）") && html.contains("114年1月至114年12月（12個月）"))
                // The picker lists every building, none chosen, and keeps the period.
                #expect(html.contains("<option value=\"library\">圖書館</option>"))
                #expect(html.contains("<input type=\"hidden\" name=\"period\" value=\"2025\">"))
            }
            try await client.execute(uri: "/kpis?period=2025&lang=en&site=library", method: .get) { response in
                let html = response.text
                #expect(html.contains("<div class=\"site\">Library</div>"))
                #expect(html.contains("<option value=\"library\" selected>Library</option>"))
                #expect(html.contains("Power down") && !html.contains("Water down"))
                // The navigation and the period form keep the building.
                #expect(html.contains("href=\"/compare?lang=en&amp;site=library\""))
                #expect(html.contains("<input type=\"hidden\" name=\"site\" value=\"library\">"))
            }
            try await client.execute(uri: "/alerts?lang=en&site=hall", method: .get) { response in
                #expect(!response.text.contains("burst"))
            }
            try await client.execute(uri: "/?site=annex", method: .get) { #expect($0.status == .notFound) }
            // An empty choice is the whole deployment.
            try await client.execute(uri: "/?site=&lang=en", method: .get) { response in
                #expect(response.status == .ok && response.text.contains("<div class=\"site\">City Government</div>"))
            }
        }
    }
}
