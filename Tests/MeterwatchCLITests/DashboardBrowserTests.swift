import Foundation
import Testing

/// Debian's Chromium, headless: the DOM after rendering, and screenshots kept in `test-artifacts/`.
enum Browser {
    /// Minutes since local midnight in Asia/Taipei (the test sites' zone).
    static func taipeiMinutesIntoDay(_ date: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Taipei")!
        let c = calendar.dateComponents([.hour, .minute], from: date)
        return c.hour! * 60 + c.minute!
    }

    /// How many "today" curves the overview may draw when rendered between `before` and `after`:
    /// none in the first quarter-hour after local midnight (no complete bucket yet), one later.
    static func todayCurves(renderedBetween before: Int, and after: Int) -> ClosedRange<Int> {
        if before >= 16 && after >= before { return 1...1 }
        if after < 15 && after >= before { return 0...0 }
        return 0...1
    }

    static let artifacts = URL(fileURLWithPath: repoDevices).deletingLastPathComponent().appendingPathComponent("test-artifacts").path

    static func run(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.environment["MW_CHROMIUM"] ?? "/usr/bin/chromium")
        p.arguments =
            [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=\(NSTemporaryDirectory())mw-chromium-\(UUID().uuidString)",
            ] + args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func dom(_ url: String) throws -> String { try run(["--dump-dom", url]) }

    /// Saves a screenshot; returns its size in bytes.
    static func screenshot(_ url: String, name: String, width: Int = 1280, height: Int = 1100) throws -> Int {
        try FileManager.default.createDirectory(atPath: artifacts, withIntermediateDirectories: true)
        let path = "\(artifacts)/\(name).png"
        try? FileManager.default.removeItem(atPath: path)
        _ = try run(["--window-size=\(width),\(height)", "--screenshot=\(path)", url])
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }
}

@Suite(.serialized) struct DashboardBrowserTests {
    @Test func pagesRenderInChromiumInBothLanguages() throws {
        // A chiller meter with 15-minute readings over the last eight days (load curves), a live
        // power reading, and a water flow that fires the burst rule.
        let site = try ServedSite(
            extraConfig: """
                alerts:
                  evaluate_every: 200ms
                  rules:
                    - { id: burst, type: high_flow, meters: [hall-water], threshold: 15, for: 0s }
                """, serveArgs: [],
            extraMeters: "  - { id: chiller, name: { en: Chiller plant, zh-TW: 冰水主機 }, category: electricity, unit: kWh, tags: [hvac] }")
        let now = Int64(Date().timeIntervalSince1970)
        let f = ISO8601DateFormatter()
        var csv = "meter,time,quantity,value\n"
        var kwh = 10_000.0
        var t = (now - 8 * 86_400) / 900 * 900
        while t <= now {
            let hour = Double((t + 8 * 3600) % 86_400) / 3600
            kwh += 50 + 150 * max(0, sin((hour - 6) / 14 * .pi))
            csv += "chiller,\(f.string(from: Date(timeIntervalSince1970: TimeInterval(t)))),energy_import,\(kwh)\n"
            t += 900
        }
        csv += "chiller,\(f.string(from: Date())),power_active,612000\nhall-water,\(f.string(from: Date())),flow_rate,27.5\n"
        #expect(try site.send("POST", "/api/v1/import/readings", csv, type: "text/csv").status == 200)
        var firing: [Any] = []
        let deadline = Date().addingTimeInterval(20)
        while firing.isEmpty && Date() < deadline {
            firing = try site.get("/api/v1/alerts?state=firing").json() as! [Any]
            usleep(100_000)
        }
        #expect(firing.count == 1)

        let renderedFrom = Browser.taipeiMinutesIntoDay()
        let zh = try Browser.dom(site.base + "/?lang=zh-TW")
        let renderedTo = Browser.taipeiMinutesIntoDay()
        #expect(zh.contains("<html lang=\"zh-TW\"") && zh.contains("總覽") && zh.contains("目前用電功率"))
        #expect(zh.contains("612") && zh.contains("kW"))  // power now
        #expect(zh.contains("27.50"))  // flow now
        // Today's curve holds complete quarter-hours only: in the first one after local midnight it
        // has none yet, and is not drawn.
        #expect(
            Browser.todayCurves(renderedBetween: renderedFrom, and: renderedTo).contains(
                Browser.count("class=\"series series-today\"", in: zh)))
        #expect(Browser.count("class=\"series series-last-week\"", in: zh) >= 1)
        #expect(zh.contains("管線破裂"))  // the firing alert, in Chinese
        let en = try Browser.dom(site.base + "/?lang=en")
        #expect(en.contains("Overview") && en.contains("Power now") && en.contains("possible burst pipe"))
        #expect(try Browser.dom(site.base + "/").contains("Overview"))
        #expect(try Browser.screenshot(site.base + "/?lang=zh-TW", name: "overview-zh-TW") > 20_000)
        #expect(try Browser.screenshot(site.base + "/?lang=en", name: "overview-phone-en", width: 390, height: 1600) > 20_000)

        let compare = try Browser.dom(site.base + "/compare?period=2026H1&lang=en")
        #expect(Browser.count("class=\"bar series-current\"", in: compare) >= 6)
        #expect(Browser.count("class=\"bar series-baseline\"", in: compare) >= 6)
        #expect(compare.contains("Total") && (compare.contains("−1,810") || compare.contains("-1,810")))
        #expect(try Browser.screenshot(site.base + "/compare?period=2026H1&lang=zh-TW", name: "compare-zh-TW") > 20_000)

        #expect(try Browser.dom(site.base + "/kpis?period=2026H1&lang=zh-TW").contains("預算執行率"))
        // Not signed in (auth.mode open reads): no acknowledgement form, a sign-in link; never a token field.
        let alerts = try Browser.dom(site.base + "/alerts?lang=en")
        #expect(!alerts.contains("<form class=\"ack\"") && !alerts.contains("type=\"password\"") && alerts.contains("/auth/login"))
        #expect(try Browser.screenshot(site.base + "/alerts?lang=en", name: "alerts-en") > 10_000)
        #expect(try Browser.dom(site.base + "/devices?lang=en").contains("Devices"))
        let report = try Browser.dom(site.base + "/reports?period=2026H1&lang=zh-TW")
        #expect(report.contains("format=csv") && report.contains("<table"))
        #expect(try Browser.screenshot(site.base + "/reports?period=2026H1&lang=zh-TW", name: "report-zh-TW") > 10_000)
        #expect(try site.server.stop() == 0)
    }
}
