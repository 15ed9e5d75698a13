import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

/// The money commands and their API and page, through the real binary and server: August 2026 of a
/// billed meter, worked out by hand in MeterwatchTariffsTests (NT$1,493,007.60).
@Suite struct MoneyCLITests {
    static let config = """
        site: { name: { en: Hall, zh-TW: 大樓 }, timezone: Asia/Taipei }
        storage: { path: store.sqlite }
        meters:
          - id: main
            name: { en: Main incomer, zh-TW: 總進線 }
            category: electricity
            billing: { tariff: taipower-hv-three-section, contracts: [{ from: 2026-01-01, regular: 500 }] }
          - { id: chiller, category: electricity }
        """

    /// Every quarter of August 2026: 100 kWh (400 kW), but Wed 5 Aug 17:00 140 kWh (560 kW).
    static func readings() -> String {
        var lines = ["meter,time,value"]
        var value = 1_000.0
        let start = ISO8601DateFormatter().date(from: "2026-07-31T16:00:00Z")!.timeIntervalSince1970
        let spike = ISO8601DateFormatter().date(from: "2026-08-05T09:00:00Z")!.timeIntervalSince1970
        for q in 0...(31 * 96) {
            let t = start + Double(q) * 900
            let iso = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: t))
            lines.append("main,\(iso),\(value)")
            lines.append("chiller,\(iso),\(Double(q) * 25)")
            value += t == spike ? 140 : 100
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func site() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", config)
        try cli.write("august.csv", readings())
        let imported = try cli.run(["import", "readings", "august.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        return cli
    }

    @Test func billDemandContractsAndCompareInNTD() throws {
        let cli = try Self.site()
        let json = try #require(try cli.json(["bill", "--meter", "main", "--month", "2026-08", "--format", "json"]) as? [String: Any])
        let bill = try #require(json["bill"] as? [String: Any])
        let total = try #require(bill["total"] as? Double)
        #expect(abs(total - 1_493_007.6) < 1e-6)
        let table = try cli.run(["bill", "--meter", "main", "--month", "2026-08"])
        #expect(table.stdout.contains("NT$1,493,008") && table.stdout.contains("Over-contract charge, peak ×3"), "\(table.stdout)")
        let zh = try cli.run(["bill", "--meter", "main", "--month", "115-08", "--lang", "zh-TW"])
        #expect(zh.status != 0 || zh.stdout.contains("超約附加費"))
        let csv = try cli.run(["bill", "--meter", "main", "--month", "2026-08", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").last?.hasPrefix("total,") == true)

        let demand = try cli.run(["demand", "--meter", "main", "--month", "2026-08", "--format", "csv"])
        #expect(demand.stdout.split(separator: "\n").dropFirst().first == "1,560.0", "\(demand.stdout.prefix(80))")
        let top = try cli.run(["demand", "--meter", "main", "--month", "2026-08", "--top", "1"])
        #expect(top.stdout.contains("chiller") && top.stdout.contains("560.0"), "\(top.stdout)")

        // One month with a 560 kW peak: a 560 kW regular contract (125,216) beats paying 60 kW over 500 (140,868).
        let review = try #require(
            try cli.json(["contract", "optimise", "--meter", "main", "--months", "1", "--through", "2026-08", "--format", "json"])
                as? [String: Any])
        let recommended = try #require(review["recommended"] as? [String: Int])
        #expect(recommended["regular"] == 560, "\(review)")
        #expect(abs((review["recommended_cost"] as? Double ?? 0) - 125_216) < 1e-6)
        #expect(abs((review["current_cost"] as? Double ?? 0) - 140_868) < 1e-6)
        let svg = try cli.run(["contract", "optimise", "--meter", "main", "--months", "1", "--through", "2026-08", "--svg", "curve.svg"])
        #expect(svg.status == 0)
        #expect(try String(contentsOfFile: cli.dir + "/curve.svg", encoding: .utf8).hasPrefix("<svg"))

        // The first half of August against the second, in NT$ at each quarter's price.
        let compare = try cli.run([
            "compare", "--meter", "main", "--period", "2026-08-01..2026-08-15", "--against", "2026-08-16..2026-08-30", "--money",
        ])
        #expect(
            compare.stdout.contains("Energy charge at the tariff in force") && compare.stdout.contains("At the prices of 2025-10-01"),
            "\(compare.stdout) \(compare.stderr)")

        // Bad input names its place.
        let bad = try cli.run(["bill", "--meter", "chiller", "--month", "2026-08"])
        #expect(bad.status != 0 && bad.stderr.contains("not billed"), "\(bad.stderr)")
        let early = try cli.run(["bill", "--meter", "main", "--month", "2025-08"])
        #expect(early.status != 0 && early.stderr.contains("first takes effect on 2025-10-01"), "\(early.stderr)")
        let month = try cli.run(["bill", "--meter", "main", "--month", "2026"])
        #expect(month.status != 0 && month.stderr.contains("--month"), "\(month.stderr)")
    }

    @Test func theAPIAndThePageShowTheBillInBothLanguages() throws {
        let cli = try Self.site()
        let port = freeLoopbackPort()
        let server = try BackgroundCommand(cli, ["serve", "--no-collect", "--port", "\(port)"])
        defer { _ = try? server.stop() }
        try server.waitFor("serving http://")
        let base = "http://127.0.0.1:\(port)"
        let api = try curl("GET", "\(base)/api/v1/bills?meter=main&month=2026-08")
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(api.body.utf8)) as? [String: Any])
        let total = try #require((answer["bill"] as? [String: Any])?["total"] as? Double)
        #expect(api.status == 200 && abs(total - 1_493_007.6) < 1e-6, "\(api.body.prefix(300))")
        #expect(try curl("GET", "\(base)/api/v1/bills?meter=main&month=2026").status == 400)
        #expect(try curl("GET", "\(base)/api/v1/bills?meter=nope&month=2026-08").status == 404)
        #expect(try curl("GET", "\(base)/api/v1/bills?meter=chiller&month=2026-08").status == 404)
        let demand = try curl("GET", "\(base)/api/v1/demand?meter=main&month=2026-08&top=2")
        #expect(demand.status == 200 && demand.body.contains("\"kw\":560"), "\(demand.body.prefix(300))")
        let contracts = try curl("GET", "\(base)/api/v1/contracts?meter=main&months=1&through=2026-08")
        #expect(contracts.status == 200 && contracts.body.contains("\"recommended\":{\"regular\":560}"), "\(contracts.body.prefix(300))")
        let compare = try curl(
            "GET", "\(base)/api/v1/compare?meter=main&period=2026-08-01..2026-08-15&against=2026-08-16..2026-08-30&money=true")
        #expect(compare.status == 200 && compare.body.contains("\"money\":{"), "\(compare.body.prefix(300))")

        let zh = try curl("GET", "\(base)/money?lang=zh-TW&meter=main&month=2026-08")
        #expect(zh.status == 200)
        for text in ["超約附加費", "NT$1,493,008", "基本電費：經常契約", "最高需量時段", "負載延時曲線", "契約容量", "台電高壓三段式時間電價"] {
            #expect(zh.body.contains(text), "\(text)")
        }
        for english in ["Over-contract", "Basic charge", "Highest quarter hours", "Load-duration", "Contract capacity", "taipower-hv"] {
            #expect(!zh.body.contains(english), "an English label on the zh-TW page: \(english)")
        }
        let en = try curl("GET", "\(base)/money?lang=en&meter=main&month=2026-08")
        #expect(
            en.body.contains("Over-contract charge") && en.body.contains("<svg")
                && en.body.contains("Taipower high voltage, three-section TOU"))
    }
}
