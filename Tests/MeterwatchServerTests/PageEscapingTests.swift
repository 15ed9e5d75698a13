import Foundation
import Hummingbird
import HummingbirdTesting
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchServer

/// Every page rendered with names an attacker (or a careless import) could give: they come back
/// as text, never as markup.
@Suite struct PageEscapingTests {
    static let hostile = #"<b>"x'&"#
    static let escaped = "&lt;b&gt;&quot;x&#39;&amp;"

    static let yaml = #"""
        site: { name: { en: '<b>"x''&', zh-TW: '<b>"x''&' }, timezone: Asia/Taipei }
        links: [ { id: gw, tcp: "127.0.0.1:1" } ]
        meters:
          - { id: hall, name: { en: '<b>"x''&', zh-TW: '<b>"x''&' }, category: electricity, unit: kWh,
              device: { profile: eastron-sdm630, link: gw, unit: 1 },
              billing: { tariff: taipower-hv-three-section, contracts: [{ from: 2025-01-01, regular: 500 }] } }
          - { id: tap, name: { en: '<b>"x''&', zh-TW: '<b>"x''&' }, category: water, unit: m3 }
          - { id: ups1, name: { en: '<b>"x''&', zh-TW: '<b>"x''&' }, category: ups }
          - { id: bess, name: { en: '<b>"x''&', zh-TW: '<b>"x''&' }, category: storage }
        kpis:
          - { id: k1, name: { zh-TW: '<b>"x''&', en: '<b>"x''&' }, unit: '<b>', direction: higher, target: 95 }
        """#

    func site() throws -> ServerTestSite {
        let site = try ServerTestSite(Self.yaml)
        var csv = "meter,time,value\n"
        for day in 0..<30 {
            let date = CivilDate(year: 2025, month: 11, day: 1).adding(days: day * 13)
            csv += "hall,\(date)T00:00:00+08:00,\(1000 + day * 100)\n"
        }
        csv += "hall,2026-11-26T00:00:00+08:00,9000\nhall,2026-11-26T10:00:00+08:00,9100\n"
        try site.importReadings(csv)
        try site.store.setKPIActual(
            KPIActual(kpi: "k1", period: "2026", actual: 90, enteredBy: Self.hostile, enteredAtMs: site.clock.nowMs()))
        let alert = StoredAlert(
            rule: Self.hostile, subject: Self.hostile, meter: "tap", type: "high_flow", severity: .critical, state: .firing,
            startedAtMs: site.clock.nowMs(), updatedAtMs: site.clock.nowMs(), value: 1, threshold: 0.5, unit: "m3/h",
            messageEN: Self.hostile, messageZH: Self.hostile, details: [:])
        var firing = alert
        firing.firedAtMs = site.clock.nowMs()
        _ = try site.store.commitAlertChanges([AlertChange(alert: firing, event: .firing, atMs: site.clock.nowMs())])
        return site
    }

    @Test(arguments: [
        "/", "/portfolio?period=2026", "/compare?period=2026", "/kpis?period=2026", "/alerts", "/devices", "/reports?period=2026",
        "/money?month=2026-11",
    ])
    func aPageShowsHostileNamesAsText(path: String) async throws {
        let site = try site()
        try await site.test { client in
            for lang in ["en", "zh-TW"] {
                let separator = path.contains("?") ? "&" : "?"
                try await client.execute(uri: "\(path)\(separator)lang=\(lang)", method: .get) { response in
                    #expect(response.status == .ok, "\(path) \(lang): \(response.text.prefix(500))")
                    let html = response.text
                    #expect(!html.contains(Self.hostile), "\(path) \(lang) holds the raw name")
                    #expect(!html.contains("<b>"), "\(path) \(lang) holds a <b> element")
                    #expect(html.contains(Self.escaped), "\(path) \(lang) does not show the name")
                }
            }
        }
    }

    @Test func aHostileQueryIsEchoedAsText() async throws {
        let site = try site()
        try await site.test { client in
            for path in [
                "/compare?period=%3Cscript%3Ealert(1)%3C/script%3E", "/kpis?period=%3Cscript%3E", "/reports?period=%3Cscript%3E",
                "/?lang=en&against=%22%3E%3Cscript%3E",
            ] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(!response.text.contains("<script>"), "\(path)")
                }
            }
            // A parameter a page does not take is refused, and not echoed either.
            try await client.execute(uri: "/?lang=en&x=%22%3E%3Cscript%3E", method: .get) { response in
                #expect(response.status == .badRequest && !response.text.contains("<script>"))
            }
        }
    }

    @Test func aZhTWPageHoldsNoEnglishLabel() async throws {
        let site = try site()
        // Every label a page shows, in English: none may appear as an element's text on a zh-TW page.
        let labels: [Phrase] = [
            .powerNow, .loadToday, .today, .lastWeek, .electricity, .thisMonth, .sameTimeLastYear, .change, .water, .flowNow, .usedToday,
            .ups,
            .status, .battery, .load, .runtime, .storage, .stateOfCharge, .firingAlerts, .noData, .updated, .period, .against, .show,
            .month,
            .baseline, .total, .kpi, .target, .actual, .attainment, .alert, .severity, .state, .since, .message, .acknowledge, .device,
            .profile, .link, .requests, .errors, .rejectedValues, .lastSuccess, .latency, .lastError, .download, .print,
            .portfolio, .building, .allBuildings, .floorArea, .rankByIntensity, .rankByChange, .intensityChange, .intensity(.electricity),
        ]
        try await site.test { client in
            for path in [
                "/", "/portfolio?period=2026", "/compare?period=2026", "/kpis?period=2026", "/alerts", "/devices", "/reports?period=2026",
            ] {
                let separator = path.contains("?") ? "&" : "?"
                try await client.execute(uri: "\(path)\(separator)lang=zh-TW", method: .get) { response in
                    let html = response.text
                    for label in labels {
                        #expect(!html.contains(">\(label.text(.en))<"), "\(path) shows '\(label.text(.en))' in English")
                    }
                    #expect(html.contains("<html lang=\"zh-TW\""))
                }
            }
        }
    }
}
