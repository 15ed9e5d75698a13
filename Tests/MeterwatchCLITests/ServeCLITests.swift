import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange made with curl (a real client over a real socket; redirects not followed).
struct HTTPExchange {
    var status: Int
    var headers: [String: String]
    var body: String
    /// Every `Set-Cookie`, as `name=value` (attributes dropped).
    var cookies: [String: String] = [:]
    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }
    var problem: [String: Any]? { (try? json()) as? [String: Any] }
}

func curl(_ method: String, _ url: String, body: String? = nil, contentType: String? = nil, headers: [String: String] = [:]) throws
    -> HTTPExchange
{
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
    var args = ["-s", "-i", "-X", method, "--max-time", "30", url]
    if let contentType { args += ["-H", "Content-Type: \(contentType)"] }
    for (k, v) in headers { args += ["-H", "\(k): \(v)"] }
    if body != nil { args += ["--data-binary", "@-"] }
    p.arguments = args
    let input = Pipe()
    let out = Pipe()
    p.standardInput = input
    p.standardOutput = out
    try p.run()
    if let body { input.fileHandleForWriting.write(Data(body.utf8)) }
    try input.fileHandleForWriting.close()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else {
        throw NSError(
            domain: "curl", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "no HTTP answer from \(url): \(text)"])
    }
    let head = text[..<split.lowerBound].split(separator: "\r\n")
    let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
    var headers: [String: String] = [:]
    var cookies: [String: String] = [:]
    for line in head.dropFirst() {
        if let c = line.firstIndex(of: ":") {
            let value = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
            if line[..<c].lowercased() == "set-cookie", let pair = value.split(separator: ";").first, let eq = pair.firstIndex(of: "=") {
                cookies[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            headers[line[..<c].lowercased()] = value
        }
    }
    return HTTPExchange(status: status, headers: headers, body: String(text[split.upperBound...]), cookies: cookies)
}

/// A browser's sign-in with the token form (modes open and token), over curl: the page's login
/// cookie and CSRF value, the form posted, the session cookie kept. Returns the `Cookie` header.
func signInWithToken(_ base: String, _ token: String) throws -> String {
    let page = try curl("GET", base + "/auth/login?lang=en")
    guard let login = page.cookies["__Host-meterwatch-login"], let csrf = hiddenField("csrf", in: page.body) else {
        throw NSError(domain: "sign-in", code: page.status, userInfo: [NSLocalizedDescriptionKey: "no sign-in form: \(page.body)"])
    }
    let posted = try curl(
        "POST", base + "/auth/login?lang=en&next=/", body: "csrf=\(csrf)&token=\(token)", contentType: "application/x-www-form-urlencoded",
        headers: ["Cookie": "__Host-meterwatch-login=\(login)"])
    guard posted.status == 303, let session = posted.cookies["__Host-meterwatch"], !session.isEmpty else {
        throw NSError(domain: "sign-in", code: posted.status, userInfo: [NSLocalizedDescriptionKey: "not signed in: \(posted.body)"])
    }
    return "__Host-meterwatch=\(session)"
}

/// The value of a hidden form field in a page.
func hiddenField(_ name: String, in html: String) -> String? {
    guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
    return String(html[r.upperBound...].prefix { $0 != "\"" })
}

/// A site with two years of daily readings, a KPI, an alert rule, served by the real binary.
final class ServedSite {
    let cli: CLIHarness
    let port: Int
    let server: BackgroundCommand
    static let token = "mw_" + String(repeating: "e1", count: 32)
    var base: String { "http://127.0.0.1:\(port)" }

    init(
        extraConfig: String = "", serveArgs: [String] = ["--no-collect"], extraMeters: String = "",
        storage: String = "{ path: store.sqlite }",
        server: String = ""
    ) throws {
        cli = try CLIHarness()
        port = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: { en: Test Hall, zh-TW: 測試大樓 }, timezone: Asia/Taipei }
            storage: \(storage)
            profiles: \(repoDevices)
            server: { max_body: 256KB, dashboards: \(repoDevices)/../Dashboards\(server) }
            meters:
              - { id: hall-power, name: { en: Main incomer, zh-TW: 總用電 }, category: electricity, unit: kWh, tags: [main] }
              - { id: hall-water, name: { en: Main water, zh-TW: 總用水 }, category: water, unit: m3, tags: [main] }
            \(extraMeters)
            kpis:
              - { id: budget, name: { en: Budget execution, zh-TW: 預算執行率 }, unit: "%", target: 95 }
            \(extraConfig)
            """)
        var csv = "meter,time,value\n"
        var kwh = 100_000.0
        var m3 = 5_000.0
        var day = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "Asia/Taipei"), year: 2025, month: 1, day: 1
        ).date!
        let end = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "Asia/Taipei"), year: 2026, month: 11, day: 21
        ).date!
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "Asia/Taipei")
        while day <= end {
            csv += "hall-power,\(f.string(from: day)),\(kwh)\nhall-water,\(f.string(from: day)),\(m3)\n"
            let y2025 =
                day < DateComponents(
                    calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "Asia/Taipei"), year: 2026, month: 1, day: 1
                ).date!
            kwh += y2025 ? 1000 : 990
            m3 += 10
            day = day.addingTimeInterval(86_400)
        }
        try cli.write("history.csv", csv)
        let imported = try cli.run(["import", "readings", "history.csv"])
        guard imported.status == 0 else { throw NSError(domain: "serve", code: 1, userInfo: [NSLocalizedDescriptionKey: imported.stderr]) }
        self.server = try BackgroundCommand(
            cli, ["serve", "--port", String(port)] + serveArgs, environment: ["MW_API_TOKENS": "ops:\(Self.token)"])
        try self.server.waitFor("serving http://")
    }

    func get(_ path: String, headers: [String: String] = [:]) throws -> HTTPExchange { try curl("GET", base + path, headers: headers) }
    func send(_ method: String, _ path: String, _ body: String, type: String = "application/json", token: String? = ServedSite.token) throws
        -> HTTPExchange
    {
        try curl(method, base + path, body: body, contentType: type, headers: token.map { ["Authorization": "Bearer \($0)"] } ?? [:])
    }
}

@Suite(.serialized) struct ServeCLITests {
    @Test func readEndpointsAnswerAndRejectBadInput() throws {
        let site = try ServedSite()
        #expect(try site.get("/healthz").status == 200)
        #expect(try site.get("/readyz").status == 200)

        let doc = try site.get("/api/v1/openapi.json")
        let paths = (try doc.json() as? [String: Any])?["paths"] as? [String: Any] ?? [:]
        #expect((try doc.json() as? [String: Any])?["openapi"] as? String == "3.1.0")
        // The document is served as built in; RouteTableTests checks it against the routes.
        #expect(paths["/api/v1/savings"] != nil && paths["/api/v1/readings"] != nil)
        // Every documented path answers an undeclared method with 405 and Allow, not 404.
        for path in paths.keys {
            let concrete = path.replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{period}", with: "2026")
            let r = try curl("PATCH", site.base + concrete)
            #expect(r.status == 405 && r.headers["allow"] != nil, "PATCH \(concrete) answered \(r.status)")
        }
        // Savings need outdoor temperatures; this site has none: a clear 422, not a 500.
        let noWeather = try site.get("/api/v1/savings?meter=hall-power&baseline=2025&reporting=2026")
        #expect(noWeather.status == 422 && noWeather.body.contains("no outdoor temperatures"))
        #expect(try site.get("/api/v1/savings?meter=hall-power&baseline=2025").status == 400)
        #expect(try site.get("/api/v1/savings?meter=hall-power&baseline=2025&reporting=2026&method=weekly").status == 400)

        let meters = try site.get("/api/v1/meters").json() as! [[String: Any]]
        #expect(meters.map { $0["id"] as? String } == ["hall-power", "hall-water"])
        #expect(try site.get("/api/v1/meters/hall-power").status == 200)
        let missing = try site.get("/api/v1/meters/nope")
        #expect(missing.status == 404 && missing.headers["content-type"] == "application/problem+json")
        #expect(missing.problem?["detail"] as? String == "unknown meter 'nope'")

        let days = try site.get("/api/v1/meters/hall-power/readings?from=2026-11-01&to=2026-11-03&resolution=day").json() as! [String: Any]
        let points = days["points"] as! [[String: Any]]
        #expect(points.count == 2 && points.allSatisfy { abs(($0["value"] as? Double ?? 0) - 990) < 1e-9 })
        #expect(try site.get("/api/v1/meters/hall-power/readings?from=2026-11-01&to=2026-11-03&resolution=week").status == 400)
        #expect(try site.get("/api/v1/meters/hall-power/readings?to=2026-11-03").status == 400)
        #expect(try site.get("/api/v1/meters/hall-power/readings?from=2025-01-01&to=2026-01-01&resolution=raw").status == 400)
        #expect(try site.get("/api/v1/meters/hall-power/readings?from=2026-11-03&to=2026-11-01").status == 400)

        let latest = try site.get("/api/v1/latest?meter=hall-water").json() as! [[String: Any]]
        #expect(latest.count == 1 && latest[0]["quantity"] as? String == "volume")
        #expect(try site.get("/api/v1/latest?meter=nope").status == 404)

        // The API's comparison is the CLI's, to the last bit.
        let api = try site.get("/api/v1/compare?category=electricity&period=2026H1&by=month").json() as! [String: Any]
        let cli = try site.cli.json(["compare", "--category", "electricity", "--period", "2026H1", "--format", "json"]) as! [String: Any]
        let apiChange = (api["comparison"] as! [String: Any])["change"] as! [String: Any]
        let cliChange = cli["change"] as! [String: Any]
        #expect(abs((apiChange["absolute"] as! Double) - (cliChange["absolute"] as! Double)) < 1e-9)
        #expect(abs((apiChange["absolute"] as! Double) - -1810) < 1e-6)  // 181 days × −10 kWh
        #expect((api["months"] as! [[String: Any]]).count == 6)
        #expect(try site.get("/api/v1/compare?category=electricity&period=2026Q5").status == 400)
        #expect(try site.get("/api/v1/compare?category=electricity&meter=hall-power&period=2026").status == 400)
        #expect(try site.get("/api/v1/compare?meter=nope&period=2026").status == 404)
        #expect(try site.get("/api/v1/compare?category=gas&period=2026").status == 400)

        let kpis = try site.get("/api/v1/kpis?period=2026H1").json() as! [[String: Any]]
        #expect(kpis.first?["id"] as? String == "budget" && kpis.first?["status"] as? String == "n/a")
        #expect(try site.get("/api/v1/kpis").status == 400)

        #expect(try site.get("/api/v1/alerts").json() as? [Any] != nil)
        #expect(try site.get("/api/v1/alerts?state=burning").status == 400)
        #expect(try site.get("/api/v1/alerts?limit=0").status == 400)
        #expect(try site.get("/api/v1/alerts/abc").status == 400)
        #expect(try site.get("/api/v1/alerts/99").status == 404)
        #expect(try site.get("/api/v1/devices").json() as? [Any] != nil)

        let csv = try site.get("/api/v1/reports?period=2026H1&format=csv&download=1")
        #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        #expect(csv.headers["content-disposition"]?.contains("meterwatch-report-2026H1.csv") == true)
        let md = try site.get("/api/v1/reports?period=2026H1&lang=zh-TW")
        #expect(md.headers["content-type"]?.hasPrefix("text/markdown") == true && md.body.contains("用電"))
        #expect(try site.get("/api/v1/reports?period=2026H1&format=pdf").status == 400)

        let metrics = try site.get("/metrics")
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.body.contains("meterwatch_latest_value{meter=\"hall-power\",quantity=\"energy_import\",unit=\"kWh\"}"))
        // The requests above, by route template and the status the client got.
        #expect(metrics.body.contains("meterwatch_http_requests_total{method=\"GET\",route=\"/api/v1/alerts/{id}\",status=\"404\"} 1"))
        #expect(metrics.body.contains("meterwatch_http_requests_total{method=\"GET\",route=\"/api/v1/alerts/{id}\",status=\"400\"} 1"))

        // Hostile or odd requests get problems, never a stack trace.
        #expect(try site.get("/assets/..%2F..%2Fmeterwatch.yaml").status == 404)
        let method = try curl("DELETE", site.base + "/api/v1/meters")
        #expect(method.status == 404 || method.status == 405)
        #expect(!method.body.contains("Swift") && !method.body.contains(".swift"))
        #expect(try site.server.stop() == 0)
    }

    @Test func writesNeedATokenAndAreValidatedStrictly() throws {
        let site = try ServedSite(
            extraConfig: """
                alerts:
                  evaluate_every: 200ms
                  rules:
                    - { id: burst, type: high_flow, meters: [hall-water], threshold: 15, for: 0s }
                """, serveArgs: [])
        // KPI actuals.
        let path = "/api/v1/kpis/budget/actuals/2026H1"
        #expect(try site.send("PUT", path, #"{"actual": 92.39}"#, token: nil).status == 401)
        let wrong = try site.send("PUT", path, #"{"actual": 92.39}"#, token: "not-the-token-at-all")
        #expect(wrong.status == 401 && wrong.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try site.send("PUT", path, #"{"actual": "high"}"#).status == 400)
        #expect(try site.send("PUT", path, #"{"actual": 92.39, "by": "me"}"#).status == 400)
        #expect(try site.send("PUT", path, #"{"actual": 92.39"#).status == 400)
        #expect(try site.send("PUT", path, "actual=92.39", type: "application/x-www-form-urlencoded").status == 415)
        #expect(try site.send("PUT", "/api/v1/kpis/nope/actuals/2026H1", #"{"actual": 1}"#).status == 404)
        let ok = try site.send("PUT", path, #"{"actual": 92.39, "note": "council"}"#)
        #expect(ok.status == 200)
        #expect((try ok.json() as? [String: Any])?["entered_by"] as? String == "ops")
        let kpi = (try site.get("/api/v1/kpis?period=2026H1").json() as! [[String: Any]])[0]
        #expect(abs((kpi["attainment_uncapped_percent"] as? Double ?? 0) - 92.39 / 95 * 100) < 1e-9)

        // CSV uploads: same validation as the CLI, nothing stored when a row is bad.
        let upload = "/api/v1/import/readings"
        #expect(try site.send("POST", upload, "meter,time,value\n", type: "text/csv", token: nil).status == 401)
        #expect(try site.send("POST", upload, "<html>", type: "text/html").status == 415)
        let bad = try site.send("POST", upload, "meter,time,value\nhall-water,2026-11-21T10:00:00+08:00,abc\n", type: "text/csv")
        #expect(bad.status == 422)
        #expect((bad.problem?["errors"] as? [String])?.first?.contains(":2") == true)
        let now = ISO8601DateFormatter().string(from: Date())
        let good = try site.send("POST", upload, "meter,time,quantity,value\nhall-water,\(now),flow_rate,30\n", type: "text/csv")
        let goodJSON = try good.json() as? [String: Any]
        #expect(good.status == 200 && goodJSON?["inserted"] as? Int == 1)
        let big = String(repeating: "hall-water,2026-01-01,1\n", count: 12000)
        #expect(try site.send("POST", upload, "meter,time,value\n" + big, type: "text/csv").status == 413)
        #expect(try site.send("POST", "/api/v1/import/fuel", "日期,車號,油品,公升\n", type: "text/csv", token: nil).status == 401)
        let fuel = try site.send("POST", "/api/v1/import/fuel", "日期,車號,油品,公升\n115/03/02,ABC-1234,95無鉛汽油,41.25\n", type: "text/csv")
        let fuelJSON = try fuel.json() as? [String: Any]
        #expect(fuel.status == 200 && fuelJSON?["inserted"] as? Int == 1)
        #expect(
            try site.send("POST", "/api/v1/import/fuel", "日期,車號,油品,公升\n115/13/02,ABC-1234,95無鉛汽油,41.25\n", type: "text/csv").status == 422)
        #expect(try site.get("/metrics").body.contains("meterwatch_imported_samples_total{kind=\"fuel\"} 1"))
        let raw = try site.get("/api/v1/meters/hall-water/readings?from=2026-11-01&to=2026-11-03&resolution=raw").json() as! [String: Any]
        #expect((raw["points"] as! [[String: Any]]).count == 2)

        // The 30 m³/h flow fires the burst rule inside the service; acknowledge it through the API.
        var alerts: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(20)
        while alerts.isEmpty && Date() < deadline {
            alerts = try site.get("/api/v1/alerts?state=firing").json() as! [[String: Any]]
            usleep(100_000)
        }
        let id = try #require(alerts.first?["id"] as? Int)
        #expect(try site.send("POST", "/api/v1/alerts/\(id)/ack", #"{"comment": "checking"}"#, token: nil).status == 401)
        #expect(try site.send("POST", "/api/v1/alerts/\(id)/ack", #"{"by": ""}"#).status == 400)
        #expect(try site.send("POST", "/api/v1/alerts/999/ack", #"{}"#).status == 404)
        let acked = try site.send("POST", "/api/v1/alerts/\(id)/ack", #"{"by": "Chen", "comment": "checking"}"#)
        let ackedJSON = try acked.json() as? [String: Any]
        #expect(acked.status == 200 && ackedJSON?["acknowledged_by"] as? String == "Chen")
        let detail = try site.get("/api/v1/alerts/\(id)").json() as! [String: Any]
        #expect((detail["history"] as! [[String: Any]]).map { $0["event"] as? String }.contains("acknowledged"))

        // The web form: no token field; the name is the session's, and the form carries its CSRF token.
        let form = try curl(
            "POST", site.base + "/alerts/\(id)/ack", body: "comment=x", contentType: "application/x-www-form-urlencoded")
        #expect(form.status == 401, "\(form.body)")
        let cookie = try signInWithToken(site.base, ServedSite.token)
        let page = try curl("GET", site.base + "/alerts?lang=en", headers: ["Cookie": cookie])
        #expect(!page.body.contains("type=\"password\"") && page.body.contains("signed-in-as"))
        let csrf = try #require(hiddenField("csrf", in: page.body))
        let forged = try curl(
            "POST", site.base + "/alerts/\(id)/ack?lang=en", body: "comment=on+site&csrf=not-it",
            contentType: "application/x-www-form-urlencoded",
            headers: ["Cookie": cookie])
        #expect(forged.status == 403)
        let formOK = try curl(
            "POST", site.base + "/alerts/\(id)/ack?lang=en", body: "comment=on+site&csrf=\(csrf)",
            contentType: "application/x-www-form-urlencoded",
            headers: ["Cookie": cookie])
        #expect(formOK.status == 303 && formOK.headers["location"]?.hasPrefix("/alerts?lang=en&acked=\(id)") == true, "\(formOK.body)")
        #expect(try site.server.stop() == 0)
    }

    @Test func refusesAnOpenAddressWithoutTokens() throws {
        let cli = try CLIHarness()
        try cli.write("meterwatch.yaml", "site: { timezone: Asia/Taipei }\nstorage: { path: s.sqlite }\n")
        let r = try cli.run(["serve", "--host", "0.0.0.0", "--port", String(freeLoopbackPort())])
        #expect(
            r.status == 78
                && r.stderr.contains("auth.mode open (reads open to anyone who reaches the port) is allowed on a loopback bind only"))
        // A sign-in mode beyond loopback needs HTTPS.
        try cli.write("local.yaml", "site: { timezone: Asia/Taipei }\nstorage: { path: s.sqlite }\nauth: { mode: local }\n")
        let plain = try cli.run(["serve", "--config", "local.yaml", "--host", "0.0.0.0", "--port", String(freeLoopbackPort())])
        #expect(plain.status == 78 && plain.stderr.contains("without server.tls would send passwords"), "\(plain.stderr)")
        let token = try cli.run(["token", "new", "--name", "facilities", "--scopes", "read,import", "--expires", "2027-06-30"])
        let line = try #require(token.stdout.split(separator: "\n").first { $0.contains("sha256:") })
        #expect(line.contains("name: facilities") && !line.contains("mw_") && line.contains("scopes: [read, import], expires: 2027-06-30"))
        // A chosen word is not a token.
        try cli.write("chosen.yaml", "site: { timezone: Asia/Taipei }\nstorage: { path: s.sqlite }\n")
        let chosen = try cli.run(
            ["serve", "--config", "chosen.yaml", "--port", "0"], environment: ["MW_API_TOKENS": "ops:correct-horse-battery-staple"])
        #expect(chosen.status == 78 && chosen.stderr.contains("mw_ and 64 hex digits"), "\(chosen.stderr)")
    }
}

@Suite(.serialized) struct ServeConcurrencyTests {
    /// 32 parallel readers hit the API and the overview while the collector writes six devices:
    /// every answer is a 200, and every sample the collector says it wrote is in the store.
    @Test func parallelReadersWhileTheCollectorWrites() async throws {
        let cli = try CLIHarness()
        let modbus = freeLoopbackPort()
        let http = freeLoopbackPort()
        let sim = try BackgroundCommand(
            cli,
            [
                "simulate", "--tcp", "127.0.0.1:\(modbus)", "--device", "1=eastron-sdm630", "--device", "2=siemens-sitrans-mag",
                "--device", "3=apc-smart-ups", "--device", "4=carlo-gavazzi-em24", "--device", "5=eastron-sdm120", "--device",
                "126=sunspec",
            ])
        try sim.waitFor("simulating 6 device(s)")
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: Load Test, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            profiles: \(repoDevices)
            server: { dashboards: \(repoDevices)/../Dashboards }
            links:
              - { id: gw, tcp: "127.0.0.1:\(modbus)" }
            meters:
              - { id: main, category: electricity, tags: [main],
                  device: { profile: eastron-sdm630, link: gw, unit: 1, poll: { fast: 250ms, slow: 1s } } }
              - { id: water, category: water, device: { profile: siemens-sitrans-mag, link: gw, unit: 2, poll: { fast: 250ms, slow: 1s } } }
              - { id: ups, category: ups, device: { profile: apc-smart-ups, link: gw, unit: 3, poll: { fast: 250ms, slow: 1s } } }
              - { id: chiller, category: electricity,
                  device: { profile: carlo-gavazzi-em24, link: gw, unit: 4, poll: { fast: 250ms, slow: 1s } } }
              - { id: lights, category: electricity,
                  device: { profile: eastron-sdm120, link: gw, unit: 5, poll: { fast: 250ms, slow: 1s } } }
              - { id: ess, category: storage, device: { profile: sunspec, link: gw, unit: 126, poll: { fast: 250ms, slow: 1s } } }
            """)
        let server = try BackgroundCommand(cli, ["serve", "--port", String(http)])
        try server.waitFor("serving http://")
        let base = "http://127.0.0.1:\(http)"
        // Readers start once every device has delivered (before that, a series may not exist: 404).
        let ready = Date().addingTimeInterval(20)
        while Date() < ready,
            Set(((try? curl("GET", base + "/api/v1/latest").json()) as? [[String: Any]] ?? []).compactMap { $0["meter"] as? String }).count
                < 6
        { usleep(100_000) }
        let paths = [
            "/api/v1/latest", "/", "/api/v1/meters", "/api/v1/meters/main/readings?from=2020-01-01&to=2030-01-01&resolution=15m",
            "/api/v1/devices", "/metrics", "/api/v1/compare?category=electricity&period=2026",
        ]
        let session = URLSession(configuration: .ephemeral)
        let deadline = Date().addingTimeInterval(6)
        let results = await withTaskGroup(of: [Int: Int].self) { group in
            for reader in 0..<32 {
                group.addTask {
                    var counts: [Int: Int] = [:]
                    var i = reader
                    // At least 10 requests each, however late the cooperative pool starts this task.
                    while Date() < deadline || i - reader < 10 {
                        let url = URL(string: base + paths[i % paths.count])!
                        let status = ((try? await session.data(from: url))?.1 as? HTTPURLResponse)?.statusCode ?? -1
                        counts[status, default: 0] += 1
                        i += 1
                    }
                    return counts
                }
            }
            var total: [Int: Int] = [:]
            for await c in group { total.merge(c, uniquingKeysWith: +) }
            return total
        }
        #expect(results.keys.sorted() == [200], "statuses: \(results)")
        #expect((results[200] ?? 0) > 200)
        #expect(try server.stop() == 0)
        let written = server.seen.split(separator: "\n").first { $0.hasPrefix("stopped: ") }.flatMap { Int($0.split(separator: " ")[1]) }
        let stats = try cli.json(["db", "stats", "--format", "json"]) as! [String: Any]
        #expect(written != nil && written! > 500)
        #expect(stats["samples"] as? Int == written)
        withExtendedLifetime(sim) {}
    }

    /// Another process holds the store's write lock for 8 s (a long import, `db prune`): the
    /// collector and the alerts wait on their own threads; `/healthz` keeps answering at once.
    @Test func aLongLockByAnotherProcessNeverStallsHealthz() throws {
        let cli = try CLIHarness()
        let modbus = freeLoopbackPort()
        let http = freeLoopbackPort()
        let sim = try BackgroundCommand(
            cli, ["simulate", "--tcp", "127.0.0.1:\(modbus)", "--device", "1=eastron-sdm630", "--device", "2=siemens-sitrans-mag"])
        try sim.waitFor("simulating 2 device(s)")
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: Lock Test, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            profiles: \(repoDevices)
            links:
              - { id: gw, tcp: "127.0.0.1:\(modbus)" }
            meters:
              - { id: main, category: electricity, device: { profile: eastron-sdm630, link: gw, unit: 1, poll: { fast: 200ms, slow: 1s } } }
              - { id: water, category: water, device: { profile: siemens-sitrans-mag, link: gw, unit: 2, poll: { fast: 200ms, slow: 1s } } }
            alerts:
              evaluate_every: 200ms
              rules:
                - { id: offline, type: stale }
                - { id: burst, type: high_flow, meters: [water], threshold: 500 }
            """)
        let server = try BackgroundCommand(cli, ["serve", "--port", String(http)])
        try server.waitFor("serving http://")
        let base = "http://127.0.0.1:\(http)"
        let ready = Date().addingTimeInterval(20)
        while Date() < ready, ((try? curl("GET", base + "/api/v1/latest").json()) as? [[String: Any]] ?? []).isEmpty { usleep(100_000) }

        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        locker.arguments = [cli.dir + "/store.sqlite"]
        let input = Pipe()
        let output = Pipe()
        locker.standardInput = input
        locker.standardOutput = output
        try locker.run()
        input.fileHandleForWriting.write(
            Data("BEGIN EXCLUSIVE;\nINSERT INTO meta(key, value) VALUES ('lock-test', 'x');\n.print locked\n".utf8))
        _ = output.fileHandleForReading.availableData
        var slowest = 0.0
        var probes = 0
        let lockedUntil = Date().addingTimeInterval(8)
        while Date() < lockedUntil {
            let started = Date()
            #expect(try curl("GET", base + "/healthz").status == 200)
            slowest = max(slowest, Date().timeIntervalSince(started))
            probes += 1
        }
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try input.fileHandleForWriting.close()
        locker.waitUntilExit()
        // Blocked pool threads would stall it for the whole lock (the busy timeout is 10 s).
        #expect(slowest < 2, "/healthz stalled \(slowest) s while the store was locked (\(probes) probes)")
        #expect(probes > 20)
        #expect(try server.stop() == 0)
        withExtendedLifetime(sim) {}
    }
}
