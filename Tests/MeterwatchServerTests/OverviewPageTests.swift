import Foundation
import HummingbirdTesting
import MeterwatchCore
import Testing

@testable import MeterwatchServer

/// The overview shows each figure once computed: today's water in the water panel is the water-use
/// table's, and today is compared with the same weekday, which the page names.
@Suite struct OverviewPageTests {
    static let yaml = """
        site: { name: { en: "Taipei City Hall", zh-TW: "臺北市政府" }, timezone: Asia/Taipei }
        meters:
          - { id: hall-power, category: electricity, unit: kWh, tags: [main] }
          - { id: hall-water, category: water, unit: m3, tags: [main] }
          - { id: garden-water, category: water, unit: m3 }
        """

    @Test func todaysWaterIsOneFigureAndTodayIsComparedWithAMonday() async throws {
        // Monday 7 December 2026, 10:07.
        let site = try ServerTestSite(Self.yaml, now: "2026-12-07T10:07:00+08:00")
        var csv = "meter,time,value\n"
        let calendar = site.store.calendar
        let start = try TimeParser(calendar: calendar).parseInstant("2025-11-30T00:00:00+08:00")
        let end = try TimeParser(calendar: calendar).parseInstant("2026-12-07T10:05:00+08:00")
        var t = start
        var k = 0
        while t <= end {
            // 0.37 m³ every five minutes on the main meter, a garden meter beside it, 12 kWh.
            csv += "hall-water,\(calendar.isoString(t)),\(Double(k) * 0.37)\n"
            csv += "garden-water,\(calendar.isoString(t)),\(Double(k) * 0.11)\n"
            csv += "hall-power,\(calendar.isoString(t)),\(Double(k) * 12)\n"
            t += 5 * msPerMinute
            k += 1
        }
        try site.importReadings(csv)
        try await site.test { client in
            let page = try await client.execute(uri: "/?lang=en", method: .get).text
            let card = try #require(Self.text(in: page, after: "data-testid=\"water-today\">"))
            // The water-use table's today row (the second energy panel), current column.
            let tables = page.components(separatedBy: "<table class=\"figures\">")
            #expect(tables.count == 3)
            let waterRow = try #require(Self.text(in: tables[2], after: "<td class=\"num\">"))
            #expect(card == waterRow, "\(card) vs \(waterRow)")
            // Readings through 10:05; the data ends at 10:00 on a quarter hour: 120 intervals of 0.37 m³.
            #expect(card == "44.4 m³", "\(card)")
            // Today's baseline is Monday 8 December 2025, named on the page.
            #expect(page.contains("Monday 8 December 2025"))
            let zh = try await client.execute(uri: "/?lang=zh-TW", method: .get).text
            #expect(zh.contains("114年12月8日（星期一）"))
        }
    }

    static func text(in html: String, after marker: String) -> String? {
        guard let r = html.range(of: marker) else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
    }
}
