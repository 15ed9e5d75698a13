import Foundation
import Testing

/// `meterwatch open-data export` through the real binary: the files a portal harvests, validated by
/// Frictionless (PyPI), read as Excel reads a CSV, holding nothing that was not chosen, and equal to
/// `compare` and `portfolio`.
@Suite struct OpenDataCLITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .path

    /// Three buildings; the annex (and its meter) is not chosen. The hall's water bill of June 2025 is missing.
    static let yaml = """
        site: { name: { en: City Government, zh-TW: 市政府 }, timezone: Asia/Taipei }
        storage: { path: store.sqlite }
        sites:
          - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 }, floor_area_m2: 10000 }
          - { id: library, name: { en: "Library, Main", zh-TW: 圖書館 }, floor_area_m2: 2000 }
          - { id: annex, name: { en: Secret Annex, zh-TW: 機密分館 }, floor_area_m2: 3000 }
        meters:
          - { id: hall-power, site: hall, category: electricity }
          - { id: hall-water, site: hall, category: water }
          - { id: library-power, site: library, category: electricity }
          - { id: annex-power, site: annex, category: electricity }
        open_data:
          buildings: [hall, library]
          categories: [electricity, water, fuel]
          from: 114-01
          through: 2025-12
          provider: { zh-TW: 市政府秘書處, en: Secretariat }
          contact: { name: 能源小組, email: energy@example.gov.tw }
        """

    func harness() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", Self.yaml)
        var csv = "meter,start,end,value\n"
        for (meter, before, after) in [
            ("hall-power", 100_000, 90_000), ("library-power", 30_000, 31_500), ("annex-power", 50_000, 50_000),
            ("hall-water", 2_000, 1_800),
        ] {
            for i in 0..<24 where !(meter == "hall-water" && i == 17) {
                let year = 2024 + i / 12
                let month = i % 12 + 1
                let next = month == 12 ? "\(year + 1)-01-01" : String(format: "%04d-%02d-01", year, month + 1)
                csv += "\(meter),\(String(format: "%04d-%02d-01", year, month)),\(next),\(i < 12 ? before : after)\n"
            }
        }
        try cli.write("bills.csv", csv)
        let imported = try cli.run(["import", "readings", "--config", "meterwatch.yaml", "bills.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    func export(_ cli: CLIHarness) throws -> String {
        let result = try cli.run(["open-data", "export", "--config", "meterwatch.yaml", "out"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("24 rows: 2 buildings × 12 months (2025-01 to 2025-12)"), "\(result.stdout)")
        return cli.dir + "/out"
    }

    static func rows(_ folder: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/energy-monthly.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    static func row(_ rows: [[String: Any]], _ building: String, _ month: Int) throws -> [String: Any] {
        try #require(rows.first { $0["BuildingID"] as? String == building && $0["StatisticsMonth"] as? Int == month })
    }

    @Test func theFiguresEqualCompareAndPortfolio() throws {
        let cli = try harness()
        let rows = try Self.rows(try export(cli))
        #expect(rows.count == 24)
        for (building, month) in [("hall", 3), ("library", 7), ("hall", 12)] {
            let period = String(format: "2025-%02d", month)
            let compared = try #require(
                try cli.json([
                    "compare", "--config", "meterwatch.yaml", "--site", building, "--category", "electricity", "--period", period,
                    "--format",
                    "json",
                ]) as? [String: Any])
            let row = try Self.row(rows, building, month)
            #expect(row["ElectricityConsumption"] as? Double == (compared["current"] as? [String: Any])?["value"] as? Double)
            #expect(row["ElectricityChangeRate"] as? Double == (compared["change"] as? [String: Any])?["percent"] as? Double)
            #expect(row["ElectricityCoverage"] as? Double == (compared["current"] as? [String: Any])?["coverage"] as? Double)
            let portfolio = try #require(
                try cli.json(["portfolio", "--config", "meterwatch.yaml", "--period", period, "--format", "json"]) as? [String: Any])
            let buildings = try #require(portfolio["buildings"] as? [[String: Any]])
            let intensity = buildings.first { $0["site"] as? String == building }?["intensity"] as? Double
            #expect(row["EnergyUseIntensity"] as? Double == intensity, "\(building) \(period)")
        }
        // By hand: the hall's March, and the twelve months through it (9 × 100,000 + 3 × 90,000 kWh over 10,000 m²).
        let march = try Self.row(rows, "hall", 3)
        #expect(march["ElectricityConsumption"] as? Double == 90_000 && march["ElectricityChangeRate"] as? Double == -10)
        #expect(march["EnergyUseIntensity"] as? Double == 117 && march["StatisticsYearROC"] as? Int == 114)
        // A gap is an empty value with its coverage, never a zero: the hall's June water bill, and fuel nobody logs.
        let june = try Self.row(rows, "hall", 6)
        #expect(june["WaterConsumption"] is NSNull && june["WaterCoverage"] as? Double == 0 && june["WaterChangeRate"] is NSNull)
        #expect(june["FuelConsumption"] is NSNull && june["FuelCoverage"] as? Double == 0)
        #expect(try Self.row(rows, "hall", 7)["WaterConsumption"] as? Double == 1_800)
    }

    @Test func aBuildingOrMeterNotChosenAppearsInNoFile() throws {
        let cli = try harness()
        let folder = try export(cli)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == ["datapackage.json", "energy-monthly-zh-TW.csv", "energy-monthly.csv", "energy-monthly.json"])
        for name in names {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            for secret in ["annex", "Annex", "機密", "hall-power", "hall-water", "library-power", "annex-power"] {
                #expect(!text.contains(secret), "\(name) holds '\(secret)'")
            }
        }
    }

    @Test func theCSVOpensAsExcelReadsIt() throws {
        let cli = try harness()
        let folder = try export(cli)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/energy-monthly-zh-TW.csv"))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "no byte-order mark")
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "lines end in CRLF")
        // Python's csv module with utf-8-sig reads it as Excel does: the Chinese headers intact, a quoted comma kept.
        let script = """
            import csv, json, sys
            with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
                rows = list(csv.reader(f, dialect="excel"))
            print(json.dumps(rows, ensure_ascii=False))
            """
        let python = Self.repo + "/.venv-data/bin/python3"
        #expect(FileManager.default.isExecutableFile(atPath: python), "no \(python): run `make data-peers`")
        let read = try CLIHarness.tool(python, ["-c", script, folder + "/energy-monthly-zh-TW.csv"])
        #expect(read.status == 0, "\(read.output)")
        let table = try #require(try JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [[String]])
        #expect(table.count == 25)
        #expect(Array(table[0].prefix(5)) == ["統計年（西元）", "統計年（民國）", "統計月", "建築物代碼", "建築物名稱"])
        #expect(table[0].contains("用電量（度）") && table[0].contains("近十二個月能源使用強度（度／平方公尺）"))
        let library = try #require(table.first { $0[3] == "library" && $0[2] == "1" })
        #expect(library[4] == "圖書館" && library[5] == "Library, Main")
        let header = table[0]
        func cell(_ row: [String], _ title: String) -> String? { header.firstIndex(of: title).map { row[$0] } }
        #expect(cell(library, "用電量（度）") == "31500.00" && cell(library, "用電量較去年同月增減率（%）") == "5.00")
        let hallJune = try #require(table.first { $0[3] == "hall" && $0[2] == "6" })
        #expect(cell(hallJune, "用水量（度）") == "" && cell(hallJune, "用水量資料涵蓋率") == "0.0000")
    }

    @Test func frictionlessValidatesThePackage() throws {
        let cli = try harness()
        let folder = try export(cli)
        let frictionless = Self.repo + "/.venv-data/bin/frictionless"
        #expect(FileManager.default.isExecutableFile(atPath: frictionless), "no \(frictionless): run `make data-peers`")
        let result = try CLIHarness.tool(frictionless, ["validate", "--json", "datapackage.json"], directory: folder, mergeErrors: true)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\"valid\": true"), "\(result.output)")
        let package = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/datapackage.json"))) as? [String: Any])
        let licence = try #require((package["licenses"] as? [[String: Any]])?.first)
        #expect(licence["name"] as? String == "OGDL-Taiwan-1.0" && licence["path"] as? String == "https://data.gov.tw/license")
        let portal = try #require(package["dataGovTw"] as? [String: Any])
        #expect(portal["提供機關"] as? String == "市政府秘書處" && portal["編碼格式"] as? String == "UTF-8")
        #expect((portal["資料使用說明"] as? String)?.contains("政府資料開放授權條款") == true)
    }

    @Test func withoutAnOpenDataSectionNothingIsPublished() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", Self.yaml.components(separatedBy: "open_data:")[0])
        let result = try cli.run(["open-data", "export", "--config", "meterwatch.yaml", "out"])
        #expect(result.status != 0 && result.stderr.contains("nothing is published as open data"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.dir + "/out"))
        try cli.write("bad.yaml", Self.yaml.replacingOccurrences(of: "buildings: [hall, library]", with: "buildings: [hall, depot]"))
        let bad = try cli.run(["open-data", "export", "--config", "bad.yaml", "out"])
        #expect(bad.status != 0 && bad.stderr.contains("bad.yaml:13") && bad.stderr.contains("'depot' is not a building"), "\(bad.stderr)")
    }
}
