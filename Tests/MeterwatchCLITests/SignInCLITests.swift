import Foundation
import MeterwatchCore
import MeterwatchModbus
import MeterwatchStore
import MeterwatchTestSupport
import Testing

/// Signing in as staff do it, on real parts: the city's identity provider is `oidc-provider-mock`
/// (PyPI) on loopback, the browser is Chromium driven through its DevTools pipe, the server is the
/// real binary over HTTPS with a throwaway CA. Local accounts go through curl.
@Suite(.serialized) struct SignInCLITests {
    static var repo: String { URL(fileURLWithPath: repoDevices).deletingLastPathComponent().path }

    /// The provider, with two people of different groups; stopped (SIGKILL) when released.
    final class Provider {
        let process = Process()
        let port: Int
        var issuer: String { "http://127.0.0.1:\(port)" }

        init() throws {
            port = freeLoopbackPort()
            let binary = ProcessInfo.processInfo.environment["MW_OIDC_MOCK"] ?? SignInCLITests.repo + "/.venv-oidc/bin/oidc-provider-mock"
            guard FileManager.default.isExecutableFile(atPath: binary) else {
                throw TestCA.Failure(
                    description: "no oidc-provider-mock at \(binary): run `make oidc-peers` (creates .venv-oidc) or set MW_OIDC_MOCK")
            }
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [
                "-p", "\(port)", "--require-nonce", "true",
                "--user-claims", #"{"sub": "amy", "name": "林怡君", "groups": ["facility"]}"#,
                "--user-claims", #"{"sub": "bo", "name": "Bo Chen", "groups": ["staff"], "site": "library"}"#,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if (try? curl("GET", issuer + "/.well-known/openid-configuration"))?.status == 200 { return }
                usleep(100_000)
            }
            stop()
            throw TestCA.Failure(description: "the provider did not start on \(port)")
        }

        func stop() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        deinit { stop() }
    }

    /// Steps for `Tests/Browser/browse.py`; its results.
    static func browse(_ steps: [[String: Any]], trust spki: String) throws -> [Any] {
        let input = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        let r = try CLIHarness.tool(
            "/usr/bin/python3",
            [
                repo + "/Tests/Browser/browse.py", "--chromium", ProcessInfo.processInfo.environment["MW_CHROMIUM"] ?? "/usr/bin/chromium",
                "--trust-spki", spki,
            ],
            input: input)
        return (try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [Any]) ?? [r.output]
    }

    /// Amy of the facility group signs in with the city's account (the provider's page, a real
    /// code flow with PKCE and nonce), uploads the motor pool's Big5 fuel log after its preview,
    /// and acknowledges an alert under her own name; all audited. Bo, a viewer of the library,
    /// sees no upload page.
    @Test func staffSignInUploadABig5FuelLogAndAcknowledge() throws {
        let provider = try Provider()
        defer { provider.stop() }
        let cli = try CLIHarness()
        let ca = try TestCA(in: cli.dir + "/tls", name: "city")
        let cert = try ca.issue("central")
        let port = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: { en: Taipei City Hall, zh-TW: 臺北市政府 }, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            sites:
              - { id: hall, name: { en: City Hall, zh-TW: 市政大樓 }, fleet: true }
              - { id: library, name: { en: Library, zh-TW: 圖書館 } }
            meters:
              - { id: hall-water, site: hall, name: { en: Main water, zh-TW: 總水表 }, category: water, unit: m3 }
              - { id: lib-power, site: library, category: electricity, unit: kWh }
            server:
              bind: 127.0.0.1:\(port)
              tls: { cert: \(cert.certificate), key: \(cert.key) }
            auth:
              mode: oidc
              oidc:
                issuer: \(provider.issuer)
                client_id: meterwatch
                client_secret: { env: MW_OIDC_SECRET }
                redirect_uri: https://127.0.0.1:\(port)/auth/callback
                roles: { claim: groups, map: { facility: operator, staff: viewer } }
                sites: { claim: site }
            """)
        // A firing leak alert to acknowledge.
        do {
            let store = try MeterStore(path: cli.dir + "/store.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
            let at = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
            var leak = StoredAlert(
                rule: "night-flow", subject: "hall-water", meter: "hall-water", type: "night_flow", severity: .critical, state: .firing,
                startedAtMs: at, updatedAtMs: at, value: 0.5, threshold: 0.1, unit: "m³/h", messageEN: "Suspected leak", messageZH: "疑似漏水")
            leak.firedAtMs = at
            _ = try store.commitAlertChanges([AlertChange(alert: leak, event: .firing, atMs: at)])
        }
        let server = try BackgroundCommand(cli, ["serve", "--no-collect"], environment: ["MW_OIDC_SECRET": "provider-given-secret"])
        defer { _ = try? server.stop() }
        try server.waitFor("serving https://")
        // The motor pool's log: Big5, ROC dates, Chinese headers.
        let utf8 =
            "日期,車號,油品,數量(公升),金額\n115/11/03,AB-1234,92無鉛汽油,35.2,1056\n115/11/17,AB-1234,92無鉛汽油,40.1,1203\n115/11/20,KL-5678,超級柴油,52.0,1456\n"
        try cli.write("log.utf8.csv", utf8)
        let big5 = try CLIHarness.tool(
            "/usr/bin/iconv", ["-f", "UTF-8", "-t", "BIG5", cli.dir + "/log.utf8.csv", "-o", cli.dir + "/fuel-2026-11.csv"])
        #expect(big5.status == 0, "\(big5.output)")
        let base = "https://127.0.0.1:\(port)"
        let spki = try TestCA.spkiHash(cert.certificate)
        let shots = Browser.artifacts
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        let results = try Self.browse(
            [
                ["go": base + "/uploads?lang=zh-TW"],
                // Not signed in: to the sign-in page, then the provider's.
                ["wait": "location.pathname === '/auth/login'"], ["screenshot": shots + "/signin-zh-TW.png"],
                ["click": "[data-testid=signin-provider]"], ["wait": "location.port === '\(provider.port)'"],
                ["click": "button[name=sub][value=amy]"],
                // Back, signed in, on the page asked for.
                ["wait": "location.pathname === '/uploads'"], ["text": "[data-testid=signed-in-as]"],
                ["fill": ["#upload-kind", "fuel"]], ["file": ["#upload-file", cli.dir + "/fuel-2026-11.csv"]],
                ["click": "#upload-preview"], ["wait": "document.querySelector('[data-testid=upload-verdict]') !== null"],
                ["text": "[data-testid=upload-summary]"], ["text": "[data-testid=upload-verdict]"],
                ["screenshot": shots + "/uploads-preview-zh-TW.png"],
                ["click": "[data-testid=upload-store]"], ["wait": "document.querySelector('[data-testid=upload-stored]') !== null"],
                ["text": "[data-testid=upload-stored]"],
                ["go": base + "/alerts?lang=en"], ["fill": ["form.ack input[name=comment]", "valve closed"]], ["click": "form.ack button"],
                ["wait": "location.search.includes('acked=')"], ["text": "table.alerts"],
                ["screenshot": shots + "/alerts-acknowledged-en.png"],
            ], trust: spki)
        #expect(results.count == 5, "\(results)")
        guard results.count == 5 else { return }
        #expect((results[0] as? String)?.contains("林怡君") == true && (results[0] as? String)?.contains("操作人員") == true, "\(results[0])")
        #expect((results[1] as? String)?.contains("fuel-2026-11.csv：共 3 列（Big5）") == true, "\(results[1])")
        #expect((results[2] as? String)?.contains("可寫入：新增 3 筆") == true, "\(results[2])")
        #expect((results[3] as? String)?.contains("已寫入：新增 3 筆") == true, "\(results[3])")
        #expect((results[4] as? String)?.contains("Acknowledged: 林怡君 — valve closed") == true, "\(results[4])")
        // Stored, once, and audited under Amy's name.
        let summary = try cli.run(["fuel", "summary", "--period", "2026-11", "--format", "json"])
        #expect(summary.stdout.contains("AB-1234") && summary.stdout.contains("KL-5678"), "\(summary.stdout)")
        let audit = try cli.run(["audit", "list", "--format", "csv"])
        #expect(audit.stdout.contains(",amy,operator,sign-in,"), "\(audit.stdout)")
        #expect(
            audit.stdout.contains(",amy,operator,import-fuel,") && audit.stdout.contains("fuel fuel-2026-11.csv: 3 rows"), "\(audit.stdout)"
        )
        #expect(audit.stdout.contains(",amy,operator,acknowledge,"), "\(audit.stdout)")
        #expect(!audit.stdout.contains("provider-given-secret"))
        // Bo, a viewer bound to the library: no uploads, and the hall's water is not his to see.
        let bo = try Self.browse(
            [
                ["go": base + "/uploads?lang=en"], ["click": "[data-testid=signin-provider]"],
                ["wait": "location.port === '\(provider.port)'"],
                ["click": "button[name=sub][value=bo]"], ["wait": "location.port === '\(port)'"], ["text": "body"],
                ["go": base + "/api/v1/meters"], ["text": "body"],
            ], trust: spki)
        #expect(bo.count == 2, "\(bo)")
        #expect((bo.first as? String)?.contains("may not do this") == true, "\(bo)")
        #expect((bo.last as? String)?.contains("lib-power") == true && (bo.last as? String)?.contains("hall-water") == false, "\(bo)")
    }

    /// Local accounts (auth.mode: local): made with the CLI, the password from standard input and
    /// kept as a bcrypt hash; a wrong password is refused and audited, ten a minute are a 429; a
    /// viewer may not upload.
    @Test func localAccountsSignInAndAreLimited() throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            meters: [ { id: hall-power, category: electricity, unit: kWh } ]
            auth: { mode: local, failed_logins: 5 }
            """)
        let added = try cli.run(["users", "add", "chen", "--role", "viewer"], input: "correct horse battery\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["users", "add", "short", "--role", "admin"], input: "tiny\n").status == 64)
        let stored = try MeterStore(path: cli.dir + "/store.sqlite", calendar: try LocalCalendar(timeZone: "Asia/Taipei"))
        #expect(try stored.user(name: "chen")?.passwordHash.hasPrefix("$2b$12$") == true)
        let server = try BackgroundCommand(cli, ["serve", "--no-collect", "--port", String(port)])
        defer { _ = try? server.stop() }
        try server.waitFor("serving http://")
        let base = "http://127.0.0.1:\(port)"
        // Not signed in: pages go to the sign-in page, the API answers 401.
        #expect(try curl("GET", base + "/").headers["location"]?.hasPrefix("/auth/login") == true)
        #expect(try curl("GET", base + "/api/v1/meters").status == 401)
        func attempt(_ password: String) throws -> HTTPExchange {
            let page = try curl("GET", base + "/auth/login")
            let csrf = try #require(hiddenField("csrf", in: page.body))
            let login = try #require(page.cookies["__Host-meterwatch-login"])
            return try curl(
                "POST", base + "/auth/login?next=/kpis", body: "csrf=\(csrf)&account=chen&password=\(password)",
                contentType: "application/x-www-form-urlencoded", headers: ["Cookie": "__Host-meterwatch-login=\(login)"])
        }
        let good = try attempt("correct+horse+battery")
        #expect(good.status == 303 && good.headers["location"] == "/kpis" && good.cookies["__Host-meterwatch"] != nil)
        let cookie = "__Host-meterwatch=\(good.cookies["__Host-meterwatch"] ?? "")"
        #expect(try curl("GET", base + "/api/v1/meters", headers: ["Cookie": cookie]).status == 200)
        #expect(try curl("GET", base + "/uploads", headers: ["Cookie": cookie]).status == 403)
        // Wrong passwords: refused, then limited; the limit holds for the right password too.
        var statuses: [Int] = []
        for _ in 0..<6 { statuses.append(try attempt("Xyzzy-guess").status) }
        #expect(statuses == [401, 401, 401, 401, 401, 429], "\(statuses)")
        #expect(try attempt("correct+horse+battery").status == 429)
        let audit = try cli.run(["audit", "list", "--format", "csv"])
        #expect(audit.stdout.components(separatedBy: "sign-in-failed").count - 1 == 5, "\(audit.stdout)")
        #expect(!audit.stdout.contains("Xyzzy") && !audit.stdout.contains("horse"))
        // A role changed from the CLI signs the account's sessions out.
        #expect(try cli.run(["users", "role", "chen", "--role", "operator"]).status == 0)
        #expect(try curl("GET", base + "/api/v1/meters", headers: ["Cookie": cookie]).status == 401)
        #expect(try cli.run(["audit", "list", "--action", "role-changed"]).stdout.contains("chen"))
    }
}
