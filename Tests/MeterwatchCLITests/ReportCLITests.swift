import Foundation
import Testing

/// The source report's figures, end to end through the real binary.
@Suite(.serialized) struct ReportCLITests {
    let config = """
        site: { name: { en: "Taipei City Hall Secretariat", zh-TW: "臺北市政府秘書處" }, timezone: Asia/Taipei }
        meters:
          - { id: power-bill, name: { zh-TW: 台電電費單 }, category: electricity, unit: 度, tags: [main] }
          - { id: water-bill, name: { zh-TW: 自來水費單 }, category: water, unit: 度, tags: [main] }
        kpis:
          - { id: budget-execution, name: { zh-TW: 預算執行率, en: Budget execution rate }, unit: "%", direction: higher, target: 95 }
        """

    func bills(_ meter: String, _ year: Int, _ values: [Int]) -> String {
        values.enumerated().map { i, v in
            let m = 7 + i
            let end = m == 12 ? "\(year + 1)-01-01" : String(format: "%d-%02d-01", year, m + 1)
            return String(
                format: "%@,%d-%02d-01,%@,\"%@\"", meter, year, m, end,
                NumberFormatter.localizedString(from: NSNumber(value: v), number: .decimal))
        }.joined(separator: "\n")
    }

    func fuelLog() -> Data {
        // 2018H2: 9,658.09 L and 2019H2: 9,858.09 L over three vehicles, ROC dates, Big5.
        var rows = ["日期,車號,油品,數量(公升),金額,里程"]
        for (year, total) in [(107, 965_809), (108, 985_809)] {  // hundredths of a litre
            var left = total
            for i in 0..<120 {
                let hundredths = i == 119 ? left : 7_500 + (i * 37) % 1_000
                left -= hundredths
                let plate = ["ABC-1234", "XYZ-5678", "KLM-0001"][i % 3]
                rows.append(
                    String(
                        format: "%d/%02d/%02d,%@,%@,%d.%02d,%d,", year, 7 + i / 20, 1 + i % 20, plate,
                        plate == "KLM-0001" ? "柴油" : "95無鉛汽油", hundredths / 100, hundredths % 100, hundredths * 3 / 10))
            }
        }
        let text = rows.joined(separator: "\r\n") + "\r\n"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", "CP950"]
        let input = Pipe()
        let output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try! p.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try! input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }

    @Test func councilReportFromBillsAndFuelLogs() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        let csv =
            "meter,start,end,value\n" + bills("power-bill", 2018, [2_030_400, 2_127_200, 2_011_200, 1_955_200, 1_824_000, 1_715_200]) + "\n"
            + bills("power-bill", 2019, [2_004_800, 2_101_600, 1_987_200, 1_931_200, 1_801_600, 1_692_800]) + "\n"
            + bills("water-bill", 2018, [15390, 15620, 15010, 13790, 13280, 12772]) + "\n"
            + bills("water-bill", 2019, [15210, 15480, 14890, 13620, 13105, 12670]) + "\n"
        try cli.write("bills.csv", csv)
        #expect(try cli.run(["import", "readings", "bills.csv"]).stdout.contains("24 new"))
        try cli.write("fuel.csv", fuelLog())
        let fuel = try cli.run(["import", "fuel", "fuel.csv"])
        #expect(fuel.status == 0 && fuel.stdout.contains("(Big5): 240 new"), "\(fuel.stdout)\(fuel.stderr)")
        #expect(try cli.run(["kpi", "set", "budget-execution", "--period", "roc:108H2", "--actual", "92.39", "--by", "秘書處"]).status == 0)
        try cli.write("notes.yaml", "fuel: { zh-TW: 因公務出差次數增加, en: More official trips }\n")

        let json = try #require(
            try cli.json(["compare", "--category", "electricity", "--period", "2019H2", "--format", "json"]) as? [String: Any])
        let current = try #require(json["current"] as? [String: Any])
        let baseline = try #require(json["baseline"] as? [String: Any])
        let change = try #require(json["change"] as? [String: Any])
        #expect(current["value"] as? Double == 11_519_200 && baseline["value"] as? Double == 11_663_200)
        #expect(current["period"] as? String == "2019H2" && current["days"] as? Int == 184 && current["coverage"] as? Double == 1)
        #expect(change["absolute"] as? Double == -144_000)
        #expect(abs((change["percent"] as? Double ?? 0) - -1.2346525824816519) < 1e-12)
        #expect((json["warnings"] as? [Any])?.isEmpty == true)

        let md = try cli.run(["report", "--period", "2019H2", "--lang", "zh-TW", "--notes", "notes.yaml"])
        #expect(md.status == 0, "\(md.stderr)")
        #expect(md.stdout.contains("## 臺北市政府秘書處 108年下半年 節約能源成果"))
        #expect(md.stdout.contains("| 用電量（度） | 11,519,200 | 11,663,200 | -144,000 | -1.23% |  |"))
        #expect(md.stdout.contains("| 用水量（度） | 84,975 | 85,862 | -887 | -1.03% |  |"))
        #expect(md.stdout.contains("| 公務車輛汽、柴油（公升） | 9,858.09 | 9,658.09 | +200.00 | +2.07% | 因公務出差次數增加 |"))
        #expect(md.stdout.contains("| 預算執行率 | 95% | 92.39% | 97.25% | -2.61 個百分點 |"))
        #expect(md.stdout.contains("| 用電碳排放（公斤CO2e） | 5,863,273 | 6,216,486 |"))  // 11,519,200 × 0.509 and 11,663,200 × 0.533

        let en = try cli.run(["report", "--period", "2019H2", "--lang", "en", "--format", "csv"])
        #expect(en.stdout.contains("consumption,Electricity,kWh,11519200.0,11663200.0,-144000.0,-1.2346525824816519,"))
        let html = try cli.run(["report", "--period", "2019H2", "--format", "html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("@page { size: A4"))
        #expect(html.stdout.contains("<td class=\"n\">11,519,200</td>"))

        let kpi = try #require(try cli.json(["kpi", "evaluate", "--period", "2019H2", "--format", "json"]) as? [[String: Any]])
        #expect(kpi.count == 1)
        #expect(kpi[0]["target"] as? Double == 95 && kpi[0]["actual"] as? Double == 92.39)
        #expect(abs((kpi[0]["attainment_percent"] as? Double ?? 0) - 97.252631578947) < 1e-9)
        #expect(kpi[0]["status"] as? String == "not-met" && kpi[0]["direction"] as? String == "higher")
    }

    @Test func badInputsAreClearErrors() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        let p = try cli.run(["compare", "--category", "electricity", "--period", "2019H3"])
        #expect(p.status != 0 && p.stderr.contains("cannot read period '2019H3'"))
        let two = try cli.run(["compare", "--category", "electricity", "--meter", "power-bill", "--period", "2019H2"])
        #expect(two.status != 0 && two.stderr.contains("exactly one of --meter, --tag, --category, --vehicle"))
        let k = try cli.run(["kpi", "set", "nope", "--period", "2019H2", "--actual", "1"])
        #expect(k.status != 0 && k.stderr.contains("unknown KPI 'nope'"))
    }
}
