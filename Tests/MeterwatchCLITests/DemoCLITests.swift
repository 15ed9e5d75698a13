import Foundation
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import Testing

/// `meterwatch demo` end to end: the real binary, its simulated meters over real Modbus (TCP and
/// an RS-485 bus on socat's pseudo-terminals), its backfill, alerts and web server, and Chromium.
@Suite(.serialized) struct DemoCLITests {
    @Test func demoRunsTheWholeCityHallAndRestartsIdempotently() throws {
        let cli = try CLIHarness()
        let started = Date().timeIntervalSince1970
        let demo = try BackgroundCommand(cli, ["demo", "--data", "site", "--port", "0", "--fast"])
        defer { if demo.process.isRunning { kill(demo.process.processIdentifier, SIGKILL) } }
        try demo.waitFor("press Ctrl-C", seconds: 180)
        let port = try #require(demo.seen.firstMatch(of: /dashboard: http:\/\/127\.0\.0\.1:(\d+)\//).map { Int($0.1)! })
        let base = "http://127.0.0.1:\(port)"

        // The generated configuration: a TCP gateway and an RS-485 bus (socat is a test dependency).
        let yaml = try String(contentsOfFile: cli.dir + "/site/meterwatch.yaml", encoding: .utf8)
        #expect(yaml.contains("rtu: ") && yaml.contains("tcp: \"127.0.0.1:"))
        #expect(demo.seen.contains("2 on RS-485"))

        // Live samples from every simulated device, over Modbus, after the demo started: the city
        // hall's polled by the central, the other buildings' by their edges and forwarded.
        let polled = ["main-incomer", "chiller", "lighting", "server-room", "water-main", "water-annex", "ups-b1", "ess"]
        let meters = polled + ["district-office-main", "library-main"]
        // The central lists its own devices and, as their edges forwarded them, the annexes'.
        let devices = try #require(try curl("GET", base + "/api/v1/devices").json() as? [[String: Any]])
        #expect(Set(devices.compactMap { $0["meter"] as? String }) == Set(meters))
        for d in devices {
            #expect(d["state"] as? String == "ok", "\(d)")
            #expect((d["requests"] as? Int ?? 0) > 0, "\(d)")
            let forwarded = (d["meter"] as? String).map { !polled.contains($0) } ?? false
            #expect((d["received"] is String) == forwarded, "\(d)")
        }
        let latest = try #require(try curl("GET", base + "/api/v1/latest").json() as? [[String: Any]])
        var fresh: [String: Double] = [:]
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for l in latest {
            guard let m = l["meter"] as? String,
                let t = (l["time"] as? String).flatMap({ iso.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) })
            else { continue }
            fresh[m] = max(fresh[m] ?? 0, t.timeIntervalSince1970)
        }
        for m in meters { #expect((fresh[m] ?? 0) >= started, "no live reading from \(m): \(fresh[m] ?? 0)") }

        // Year on year over the backfill: the lighting retrofit's planted saving, within 2 %.
        let facts = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.dir + "/site/demo.json"))) as? [String: Any])
        let planted = try #require(facts["lighting_saving_kwh"] as? Double)
        let period = try #require(facts["reporting_period"] as? String)
        let cmp = try #require(
            try curl("GET", base + "/api/v1/compare?meter=lighting&period=\(period)&against=previous-year").json() as? [String: Any])
        let change = try #require(((cmp["comparison"] as? [String: Any])?["change"] as? [String: Any])?["absolute"] as? Double)
        #expect(planted > 100_000)
        #expect(abs(-change - planted) / planted < 0.02, "year on year \(change) kWh against planted saving \(planted) kWh")

        // The leak in the annex restrooms fires its alert.
        var leak: [String: Any]?
        let deadline = Date().addingTimeInterval(120)
        while leak == nil && Date() < deadline {
            let firing = (try? curl("GET", base + "/api/v1/alerts?state=firing").json()) as? [[String: Any]] ?? []
            leak = firing.first { $0["rule"] as? String == "annex-leak" }
            if leak == nil { usleep(500_000) }
        }
        let alert = try #require(leak, "the annex leak never fired")
        #expect(alert["meter"] as? String == "water-annex")
        // The lowest flow of the window: never below the leak's 0.5 m³/h, and above it when every poll in
        // the window overlapped a flush (a 20-second period flushes with a 35 % chance in office hours).
        let lowest = alert["value"] as? Double ?? 0
        #expect(lowest >= 0.49 && lowest <= 0.5 + 1.6 + 0.01, "\(alert)")

        // The overview renders in headless Chromium, in Chinese, with live power and the leak.
        let renderedFrom = Browser.taipeiMinutesIntoDay()
        let dom = try Browser.dom(base + "/?lang=zh-TW")
        let renderedTo = Browser.taipeiMinutesIntoDay()
        #expect(dom.contains("臺北市政府（示範）") && dom.contains("<option value=\"city-hall\">臺北市政大樓（示範）</option>"))
        #expect(dom.contains("B1 不斷電系統") && dom.contains("儲能系統（削峰）"))
        #expect(dom.contains("疑似漏水"))
        // Today and last week (today's curve appears once a local quarter-hour is complete).
        let todayCurves = Browser.todayCurves(renderedBetween: renderedFrom, and: renderedTo)
        #expect(Browser.count("<polyline", in: dom) >= 1 + todayCurves.lowerBound)
        #expect(try Browser.screenshot(base + "/?lang=zh-TW", name: "demo-overview-zh-TW", height: 1400) > 20_000)
        #expect(try Browser.screenshot(base + "/?lang=en", name: "demo-overview-en", height: 1400) > 20_000)
        // A phone: every panel stacks, the UPS and storage tables stay whole.
        #expect(try Browser.screenshot(base + "/?lang=zh-TW", name: "demo-overview-phone-zh-TW", width: 390, height: 2000) > 20_000)

        // The portfolio: the city hall and the two other buildings, ranked by energy use intensity,
        // in both languages.
        let portfolio = try #require(try curl("GET", base + "/api/v1/portfolio").json() as? [String: Any])
        let rows = try #require(portfolio["buildings"] as? [[String: Any]])
        #expect(rows.map { $0["site"] as? String } == ["city-hall", "district-office", "library-branch"])
        #expect(Set(rows.compactMap { $0["rank_by_intensity"] as? Int }) == [1, 2, 3])
        for row in rows {
            let intensity = try #require(row["intensity"] as? Double)
            #expect((40...400).contains(intensity), "\(row["site"] ?? "") \(intensity) kWh/m²·yr")
        }
        let portfolioPage = try Browser.dom(base + "/portfolio?lang=zh-TW")
        #expect(portfolioPage.contains("信義區行政中心（示範）") && portfolioPage.contains("能源使用強度（度/平方公尺·年）"))
        #expect(Browser.count("class=\"chart gauge intensity\"", in: portfolioPage) == 3)
        #expect(try Browser.screenshot(base + "/portfolio?lang=zh-TW", name: "demo-portfolio-zh-TW", height: 900) > 20_000)
        #expect(try Browser.screenshot(base + "/portfolio?lang=en", name: "demo-portfolio-en", height: 900) > 20_000)
        // One building's overview: its own meters only.
        let library = try Browser.dom(base + "/?lang=en&site=library-branch")
        #expect(library.contains("<div class=\"site\">Public library branch (demo)</div>") && !library.contains("UPS room B1"))

        // Each edge has its own store, polls its own meter and is caught up with the central.
        for (edge, meter) in [("district-office", "district-office-main"), ("library-branch", "library-main")] {
            let status = try #require(
                try cli.json(["forward", "status", "--config", "site/edges/\(edge)/meterwatch.yaml", "--format", "json"]) as? [String: Any])
            #expect(status["site"] as? String == edge && (status["forwarded_readings"] as? Int ?? 0) > 60_000, "\(status)")
            let health = try #require(
                try cli.json(["devices", "--config", "site/edges/\(edge)/meterwatch.yaml", "--format", "json"]) as? [[String: Any]])
            #expect(health.map { $0["meter"] as? String } == [meter] && health.first?["state"] as? String == "ok", "\(health)")
        }

        // Nothing the simulated building does not deserve: the planted leak is the only alert (no
        // device called offline while it answers, whatever its counters' poll class).
        // (In a summer month the main incomer may also go over its tight contract: the demand rule, rightly.)
        let raised = try #require(try curl("GET", base + "/api/v1/alerts").json() as? [[String: Any]])
        let rules = Set(raised.compactMap { $0["rule"] as? String })
        #expect(rules.contains("annex-leak") && rules.isSubset(of: ["annex-leak", "demand"]), "\(raised)")

        // Money (issue 28): the city hall's contract is a little tight, so one month of the last
        // complete summer pays an excess; the storage system earns something every month.
        let today = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Taipei")!, from: Date())
        let summer = (today.month!, today.day!) > (10, 15) ? today.year! : today.year! - 1
        var excessMonths: [String] = []
        for month in 6...9 {
            let name = "\(summer)-0\(month)"
            let answer = try #require(
                try cli.json(["bill", "--config", "site/meterwatch.yaml", "--meter", "main-incomer", "--month", name, "--format", "json"])
                    as? [String: Any])
            let lines = try #require((answer["bill"] as? [String: Any])?["lines"] as? [[String: Any]])
            if lines.contains(where: { $0["kind"] as? String == "over_contract" }) { excessMonths.append(name) }
            let storage = try #require(answer["storage"] as? [String: Any])
            #expect(
                (storage["arbitrage"] as? Double ?? 0) > 0
                    && (storage["peak_with_kw"] as? Double ?? 0) < (storage["peak_without_kw"] as? Double ?? 0))
        }
        #expect(excessMonths.count == 1, "\(excessMonths)")
        let moneyPage = try Browser.dom(base + "/money?lang=zh-TW&month=\(excessMonths.first ?? "\(summer)-07")")
        #expect(moneyPage.contains("超約附加費") && moneyPage.contains("儲能系統效益") && moneyPage.contains("契約容量"))
        #expect(
            try Browser.screenshot(base + "/money?lang=zh-TW&month=\(excessMonths.first ?? "")", name: "demo-money-zh-TW", height: 2400)
                > 20_000)

        // The savings API and the Compare page's model chart (issue 8): the scatter of daily use
        // against temperature with both fitted lines, over demo.json's M&V periods.
        let mv = "baseline=\(try #require(facts["baseline_period"] as? String))&reporting=\(period)"
        let api = try #require(try curl("GET", base + "/api/v1/savings?meter=lighting&\(mv)").json() as? [String: Any])
        #expect(abs((api["savings"] as? Double ?? 0) - planted) <= (api["uncertainty"] as? [String: Any])?["absolute"] as? Double ?? 0)
        #expect((api["points"] as? [Any])?.count == 730 && api["method"] as? String == "daily" && api["reporting_model"] != nil)
        #expect(try curl("GET", base + "/api/v1/savings?meter=lighting&baseline=2024-99").status == 400)
        let bills = try #require(try curl("GET", base + "/api/v1/savings?meter=water-bill&\(mv)&points=false").json() as? [String: Any])
        #expect(bills["method"] as? String == "billing" && (bills["statistics"] as? [String: Any])?["n"] as? Int == 12)
        let weatherPage = base + "/compare?period=\(period)&against=\(try #require(facts["baseline_period"] as? String))&lang=en"
        let chart = try Browser.dom(weatherPage)
        #expect(chart.contains("Weather-normalised savings") && chart.contains("class=\"chart scatter-chart\""))
        // Points coloured by day type; a baseline line per day type when the model splits the week.
        #expect(Browser.count("class=\"point series-baseline day-", in: chart) == 365)
        #expect(Browser.count("class=\"point series-current day-", in: chart) == 365)
        #expect(Browser.count("class=\"point series-current day-non-working\"", in: chart) > 100)
        #expect((1...2).contains(Browser.count("class=\"fit fit-baseline day-", in: chart)))
        #expect((1...2).contains(Browser.count("class=\"fit fit-current day-", in: chart)))
        #expect(
            try Browser.screenshot(
                weatherPage.replacingOccurrences(of: "lang=en", with: "lang=zh-TW"), name: "demo-compare-weather-zh-TW", height: 1900)
                > 20_000)

        // Ctrl-C stops everything cleanly.
        #expect(try demo.stop(SIGINT) == 0)
        #expect(demo.seen.contains("stopped: "))

        // A restart on the same folder continues the same history: only the gap is written, the
        // bills and the fuel log are found already stored, the comparison is unchanged.
        let again = try cli.run(["demo", "--data", "site", "--port", "0", "--fast", "--exit-when-ready"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        let written = try #require(again.stdout.firstMatch(of: /history from [0-9-]+: (\d+) readings written, (\d+) already stored/))
        #expect(Int(written.1)! < 500, "a restart rewrote history: \(written.0)")
        #expect(Int(written.2)! >= 24)
        #expect(again.stdout.contains("ready in"))
        let recompared =
            try cli.json(["compare", "--config", "site/meterwatch.yaml", "--meter", "lighting", "--period", period, "--format", "json"])
            as? [String: Any]
        #expect((recompared?["change"] as? [String: Any])?["absolute"] as? Double == change)

        // Weather-normalised savings (issue 8) recover the planted saving within their stated
        // uncertainty, from the weather station file the demo imported.
        let baselinePeriod = try #require(facts["baseline_period"] as? String)
        let savings = try #require(
            try cli.json([
                "savings", "--config", "site/meterwatch.yaml", "--meter", "lighting",
                "--baseline", baselinePeriod, "--reporting", period, "--format", "json",
            ]) as? [String: Any])
        let avoided = try #require(savings["savings"] as? Double)
        let band = try #require((savings["uncertainty"] as? [String: Any])?["absolute"] as? Double)
        #expect(savings["temperature_meter"] as? String == "weather:466920")
        #expect(abs(avoided - planted) <= band, "savings \(avoided) ± \(band) kWh against planted \(planted) kWh")
        #expect(band < planted * 0.25)

        // From the city hall's meter (category electricity), not only the lighting sub-meter: the daily
        // model with day types and the hourly model both meet Guideline 14 and recover the saving.
        for method in ["daily", "hourly"] {
            let site = try #require(
                try cli.json([
                    "savings", "--config", "site/meterwatch.yaml", "--site", "city-hall", "--category", "electricity", "--method", method,
                    "--baseline", baselinePeriod, "--reporting", period, "--format", "json",
                ]) as? [String: Any])
            let siteSavings = try #require(site["savings"] as? Double)
            let siteBand = try #require((site["uncertainty"] as? [String: Any])?["absolute"] as? Double)
            #expect(site["meets_guideline14"] as? Bool == true, "\(method)")
            #expect(site["structure"] as? String == (method == "daily" ? "day_types" : "hour_of_week"))
            #expect(abs(siteSavings - planted) <= siteBand, "\(method): \(siteSavings) ± \(siteBand) kWh against planted \(planted) kWh")
        }

        // `import temperature` through the CLI: a bad row names the file and line, nothing is stored.
        try cli.write(
            "bad-weather.csv", "station,time,temperature_c\n466920,2020-01-01T00:00:00+08:00,18.5\n466920,2020-01-01T01:00:00+08:00,warm\n")
        let bad = try cli.run(["import", "temperature", "--config", "site/meterwatch.yaml", "bad-weather.csv"])
        #expect(bad.status != 0 && (bad.stderr + bad.stdout).contains("bad-weather.csv:3"))
        try cli.write("good-weather.csv", "time,temperature_f\n2020-01-01,64.4\n")
        let good = try cli.run(["import", "temperature", "--config", "site/meterwatch.yaml", "--station", "466920", "good-weather.csv"])
        #expect(good.status == 0 && good.stdout.contains("1 new"), "\(good.stdout)\(good.stderr)")
    }

    /// `demo --postgres`: the central keeps the buildings' readings in PostgreSQL. The annexes' edges
    /// forward there over HTTP, the city hall's own SQLite file forwards its history and live readings
    /// there, and the API answers from there.
    @Test func demoWithACentralOnPostgreSQL() throws {
        let cli = try CLIHarness()
        let address = try PostgresTestServer.freshDatabase()
        let demo = try BackgroundCommand(cli, ["demo", "--data", "site", "--port", "0", "--fast", "--postgres", address.description])
        defer { if demo.process.isRunning { kill(demo.process.processIdentifier, SIGKILL) } }
        try demo.waitFor("press Ctrl-C", seconds: 180)
        #expect(demo.seen.contains("buildings' readings in postgres://"))
        let port = try #require(demo.seen.firstMatch(of: /dashboard: http:\/\/127\.0\.0\.1:(\d+)\//).map { Int($0.1)! })
        let central = try PostgresStore(address: address, calendar: LocalCalendar(timeZone: "Asia/Taipei"))
        defer { central.close() }
        // Every building's readings reach the database: the annexes' live ones (ready means they arrived),
        // and the city hall's from its SQLite file.
        var rows: [String: Int] = [:]
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            rows = try central.rowsBySite(table: "sample")
            if rows.keys.sorted() == ["city-hall", "district-office", "library-branch"] { break }
            usleep(200_000)
        }
        #expect(rows.keys.sorted() == ["city-hall", "district-office", "library-branch"], "\(rows)")
        let library = try #require(try central.series(SeriesKey(meter: "library-main", quantity: .energyImport)))
        #expect(try central.latestSample(series: library.id).map { $0.ms > Int64(Date().timeIntervalSince1970 * 1000) - 120_000 } == true)
        // The server answers from the database; the SQLite file is the city hall's edge.
        let portfolio = try curl("GET", "http://127.0.0.1:\(port)/api/v1/portfolio")
        #expect(portfolio.status == 200, "\(portfolio.body)")
        let status = try #require(
            try cli.json(["forward", "status", "--config", "site/meterwatch.yaml", "--format", "json"]) as? [String: Any])
        #expect(status["enabled"] as? Bool == true && (status["central"] as? String)?.hasPrefix("postgres://") == true, "\(status)")
        #expect(status["last_error"] == nil || status["last_error"] is NSNull, "\(status)")
        #expect(try demo.stop(SIGTERM) == 0)
    }
}
