import Foundation
import Testing

/// `meterwatch portfolio` and `--site` through the real binary, on a deployment of two buildings.
@Suite struct PortfolioCLITests {
    static let yaml = """
        site: { name: { en: City Government, zh-TW: 市政府 }, timezone: Asia/Taipei }
        storage: { path: store.sqlite }
        sites:
          - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 }, floor_area_m2: 10000 }
          - { id: library, name: { en: Library, zh-TW: 圖書館 }, floor_area_m2: 2000 }
        meters:
          - { id: hall-power, site: hall, category: electricity }
          - { id: library-power, site: library, category: electricity }
        """

    func harness() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", Self.yaml)
        var csv = "meter,start,end,value\n"
        for (meter, before, after) in [("hall-power", 100_000, 90_000), ("library-power", 30_000, 31_500)] {
            for i in 0..<24 {
                let month = (i % 12) + 1
                let year = 2024 + i / 12
                let next = month == 12 ? "\(year + 1)-01-01" : "\(year)-\(String(format: "%02d", month + 1))-01"
                csv += "\(meter),\(year)-\(String(format: "%02d", month))-01,\(next),\(i < 12 ? before : after)\n"
            }
        }
        try cli.write("bills.csv", csv)
        let imported = try cli.run(["import", "readings", "--config", "meterwatch.yaml", "bills.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test func thePortfolioRanksTheBuildingsInEveryFormat() throws {
        let cli = try harness()
        let json = try #require(
            try cli.json(["portfolio", "--config", "meterwatch.yaml", "--period", "2025", "--format", "json"]) as? [String: Any])
        let rows = try #require(json["buildings"] as? [[String: Any]])
        #expect(rows.map { $0["intensity"] as? Double } == [108, 189])
        #expect(rows.map { $0["rank_by_change"] as? Int } == [1, 2])
        let table = try cli.run(["portfolio", "--config", "meterwatch.yaml", "--period", "2025", "--lang", "zh-TW"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("本期：114年；比較期：113年"))
        #expect(table.stdout.contains("能源使用強度（度/平方公尺·年）計算期間：114年1月至114年12月（12個月）"))
        let hall = try #require(table.stdout.split(separator: "\n").first { $0.contains("市政大樓") })
        #expect(hall.contains("1,080,000") && hall.contains("-10.00 %") && hall.contains("108.0"), "\(hall)")
        let total = try #require(table.stdout.split(separator: "\n").first { $0.contains("合計") })
        #expect(total.contains("1,458,000") && total.contains("121.5"), "\(total)")
        let csv = try cli.run(["portfolio", "--config", "meterwatch.yaml", "--period", "2025", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n")
        #expect(
            lines.count == 4 && lines[1].hasPrefix("hall,City Hall,10000.0,2025,1080000.0,2024,1200000.0,kWh,-120000.0,-10.0,whole,108.0"))
        #expect(lines[3].hasPrefix("total,All buildings,12000.0,"))
    }

    @Test func siteNarrowsACommandToOneBuilding() throws {
        let cli = try harness()
        let library = try #require(
            try cli.json([
                "compare", "--config", "meterwatch.yaml", "--site", "library", "--category", "electricity", "--period", "2025", "--format",
                "json",
            ]) as? [String: Any])
        #expect((library["current"] as? [String: Any])?["value"] as? Double == 378_000)
        let other = try cli.run([
            "compare", "--config", "meterwatch.yaml", "--site", "library", "--meter", "hall-power", "--period", "2025",
        ])
        #expect(other.status == 66 && other.stderr.contains("hall-power"), "\(other.stderr)")
        let unknown = try cli.run([
            "compare", "--config", "meterwatch.yaml", "--site", "annex", "--category", "electricity", "--period", "2025",
        ])
        #expect(unknown.status == 66, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("unknown site 'annex' (sites: hall, library)"), "\(unknown.stderr)")
        // An import narrowed to a building refuses another building's meter, and stores nothing.
        try cli.write("mixed.csv", "meter,time,value\nlibrary-power,2026-01-01T00:00:00+08:00,1\nhall-power,2026-01-01T00:00:00+08:00,1\n")
        let mixed = try cli.run(["import", "readings", "--config", "meterwatch.yaml", "--site", "library", "mixed.csv"])
        #expect(mixed.status != 0 && mixed.stderr.contains("mixed.csv:3"), "\(mixed.stderr)")
    }
}
