import Crypto
import Foundation
import MeterwatchCore
import MeterwatchDemo
import MeterwatchStore

/// The cost of HTTPS and sign-in, and how fast refusals answer: `wrk` on `/api/v1/compare` over
/// plain HTTP (auth.mode open) and over HTTPS with a session cookie (auth.mode local), the same
/// store and binary, side by side; then each refusal timed by curl (`time_total`, median of 50).
enum AccessBench {
    static func run(workDir: String, calendar: LocalCalendar) throws {
        let binary = ".build/release/meterwatch"
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("access: build the release CLI first (make bench does)")
            return
        }
        let tls = try LoopbackCertificates.make(in: "\(workDir)/tls", authority: "bench-ca", days: 2)
        let (store, end) = try HTTPBench.makeSite(
            workDir: workDir, name: "access", calendar: calendar, meters: 20,
            extraYAML: "auth: { mode: local, failed_logins: 10000 }\n")
        // The HTTPS twin: the same store, TLS and local sign-in; a session made as a sign-in makes it.
        let yaml = try String(contentsOfFile: "\(workDir)/access.yaml", encoding: .utf8)
        try yaml.replacingOccurrences(of: "server: {", with: "server: { tls: { cert: \(tls.certificate), key: \(tls.key) }, ")
            .write(toFile: "\(workDir)/access-tls.yaml", atomically: true, encoding: .utf8)
        try yaml.replacingOccurrences(of: "auth: { mode: local, failed_logins: 10000 }\n", with: "")
            .write(toFile: "\(workDir)/access-open.yaml", atomically: true, encoding: .utf8)
        let cookie = "bench-session-cookie-value"
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try store.createSession(
            StoredSession(
                idHash: SHA256.hash(data: Data(cookie.utf8)).map { String(format: "%02x", $0) }.joined(), user: "bench",
                displayName: "Bench", role: "viewer", site: nil, source: "local", csrf: "c", createdAtMs: now, lastSeenAtMs: now,
                expiresAtMs: now + 3_600_000, address: "bench"))
        let (plain, plainPort) = try BenchServer.start(binary: binary, config: "\(workDir)/access-open.yaml")
        defer { BenchServer.stop(plain) }
        let (secure, securePort) = try BenchServer.start(binary: binary, config: "\(workDir)/access-tls.yaml")
        defer { BenchServer.stop(secure) }
        Thread.sleep(forTimeInterval: 1.5)
        let year = calendar.civilDate(at: end).year
        let path = "/api/v1/compare?category=electricity&period=\(year - 1)H2"
        print("\n== Access (wrk -t2 -c32, 8 s each; release build; the same store; 2 cores shared by wrk and the server)")
        let http = try HTTPBench.wrk("http://127.0.0.1:\(plainPort)\(path)")
        let https = try HTTPBench.wrk("https://127.0.0.1:\(securePort)\(path)", headers: ["Cookie: __Host-meterwatch=\(cookie)"])
        let fresh = try HTTPBench.wrk(
            "https://127.0.0.1:\(securePort)\(path)", headers: ["Cookie: __Host-meterwatch=\(cookie)", "Connection: close"])
        print("/api/v1/compare over HTTP, open reads: \(fmt(http.rps, 0)) req/s, p99 \(fmt(http.p99ms, 2)) ms")
        print(
            "/api/v1/compare over HTTPS with a session: \(fmt(https.rps, 0)) req/s, p99 \(fmt(https.p99ms, 2)) ms "
                + "(\(fmt(https.rps / max(1, http.rps) * 100, 0)) % of HTTP's throughput)"
                + (https.errors > 0 ? ", \(https.errors) errors" : "")
        )
        print(
            "the same, a new TLS connection per request: \(fmt(fresh.rps, 0)) req/s, p99 \(fmt(fresh.p99ms, 2)) ms "
                + "(\(fmt(fresh.rps / max(1, http.rps) * 100, 0)) % of HTTP's)")

        // Refusals, each timed by curl itself over the plain server (no TLS handshake in the figure).
        let base = "http://127.0.0.1:\(plainPort)"
        let secureBase = "https://127.0.0.1:\(securePort)"
        let ca = tls.caFile
        let cases: [(String, [String])] = [
            ("baseline: an open read of /api/v1/meters over HTTP (200)", ["\(base)/api/v1/meters"]),
            (
                "baseline: a session's read of /api/v1/meters over HTTPS (200)",
                ["-H", "Cookie: __Host-meterwatch=\(cookie)", "\(secureBase)/api/v1/meters"]
            ),
            (
                "a wrong token (401)",
                ["-H", "Authorization: Bearer mw_\(String(repeating: "0", count: 64))", "\(secureBase)/api/v1/meters"]
            ),
            ("no credentials, a page (303 to sign-in)", ["\(secureBase)/"]),
            ("an unknown parameter (400)", ["\(base)\(path)&x=1"]),
            ("a 300-year period (400)", ["\(base)/api/v1/compare?category=electricity&period=1900-01-01..2199-12-31"]),
            (
                "a write without a CSRF token (403)",
                ["-X", "POST", "-H", "Cookie: __Host-meterwatch=\(cookie)", "\(secureBase)/uploads/commit"]
            ),
            (
                "a viewer's upload (403)",
                [
                    "-X", "POST", "-H", "Cookie: __Host-meterwatch=\(cookie)", "-H", "X-CSRF-Token: c",
                    "\(secureBase)/uploads/preview?kind=fuel",
                ]
            ),
        ]
        print("refusals (median of 50, curl's time_total; HTTPS rows include the handshake):")
        for (name, args) in cases {
            var times: [Double] = []
            var status = ""
            for _ in 0..<50 {
                let out = try shell(
                    (["curl", "-s", "-o", "/dev/null", "--cacert", ca, "-w", "'%{http_code} %{time_total}'"] + args.map { "'\($0)'" })
                        .joined(separator: " "))
                let parts = out.split(separator: " ")
                status = String(parts.first ?? "")
                times.append((Double(parts.last ?? "") ?? 0) * 1000)
            }
            times.sort()
            print("  \(name): HTTP \(status), \(fmt(times[times.count / 2], 2)) ms")
        }
    }

    @discardableResult
    static func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
