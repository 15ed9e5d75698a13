import Foundation
import MeterwatchCore
import MeterwatchModbus
import MeterwatchTestSupport
import Testing

/// HTTPS as a city deploys it, through the real binary, curl and openssl: a certificate from the
/// city's CA (a throwaway one made with openssl), HSTS, a plain listener that only redirects, a
/// certificate renewed with SIGHUP while a connection stays open, and edges that trust the city's
/// CA and no other.
@Suite(.serialized) struct SecureServeCLITests {
    static let reader = "mw_" + String(repeating: "c3", count: 32)

    /// curl over TLS: its exit status and what it printed (`-k` never).
    static func tlsCurl(_ args: [String]) throws -> (status: Int32, output: String) {
        let r = try CLIHarness.tool("/usr/bin/curl", ["-s", "-S", "-i", "--max-time", "15"] + args, mergeErrors: true)
        return (r.status, r.output)
    }

    struct Central {
        let cli: CLIHarness
        let ca: TestCA
        let port: Int
        let plainPort: Int
        let server: BackgroundCommand
        var base: String { "https://127.0.0.1:\(port)" }
    }

    static func central(clientCA: Bool = false, extraTokens: String = "") throws -> Central {
        let cli = try CLIHarness()
        let ca = try TestCA(in: cli.dir + "/tls", name: "city")
        let cert = try ca.issue("central", hosts: ["localhost"], ips: ["127.0.0.1"])
        try FileManager.default.copyItem(atPath: cert.certificate, toPath: cli.dir + "/server.pem")
        try FileManager.default.copyItem(atPath: cert.key, toPath: cli.dir + "/server-key.pem")
        let port = freeLoopbackPort()
        let plainPort = freeLoopbackPort()
        try cli.write(
            "meterwatch.yaml",
            """
            site: { name: { en: City Hall, zh-TW: 市政大樓 }, timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            sites:
              - { id: hall, name: { en: Hall } }
              - { id: library, name: { en: Library } }
            meters:
              - { id: hall-power, site: hall, category: electricity, unit: kWh }
              - { id: lib-power, site: library, category: electricity, unit: kWh }
            server:
              bind: 127.0.0.1:\(port)
              tls: { cert: server.pem, key: server-key.pem\(clientCA ? ", client_ca: tls/city-ca.pem" : "") }
              redirect_http: 127.0.0.1:\(plainPort)
            \(extraTokens)
            auth: { mode: token }
            """)
        let server = try BackgroundCommand(cli, ["serve", "--no-collect"], environment: ["MW_API_TOKENS": "reader:read:\(reader)"])
        try server.waitFor("serving https://127.0.0.1:\(port)/")
        return Central(cli: cli, ca: ca, port: port, plainPort: plainPort, server: server)
    }

    @Test func httpsWithTheCitysCAAndNothingElse() throws {
        let c = try Self.central()
        defer { _ = try? c.server.stop() }
        // With the city's CA: the answer, with HSTS.
        let ok = try Self.tlsCurl(["--cacert", c.ca.certificate, c.base + "/healthz"])
        #expect(
            ok.status == 0 && ok.output.contains("HTTP/1.1 200")
                && ok.output.lowercased().contains("strict-transport-security: max-age=31536000"), "\(ok.output)")
        // Without it, curl does not trust the certificate; plain HTTP to the TLS port gets no answer.
        let untrusted = try Self.tlsCurl([c.base + "/healthz"])
        #expect(untrusted.status == 60, "\(untrusted.output)")
        let plain = try Self.tlsCurl(["http://127.0.0.1:\(c.port)/healthz"])
        #expect(plain.status != 0 && !plain.output.contains("HTTP/1.1 200"), "\(plain.output)")
        // TLS 1.1 and older are refused.
        let old = try Self.tlsCurl(["--cacert", c.ca.certificate, "--tls-max", "1.1", c.base + "/healthz"])
        #expect(old.status != 0, "\(old.output)")
        // The plain listener only redirects, the path and query kept.
        let redirect = try Self.tlsCurl(["http://127.0.0.1:\(c.plainPort)/compare?period=2026"])
        #expect(
            redirect.output.contains("HTTP/1.1 308")
                && redirect.output.lowercased().contains("location: https://127.0.0.1:\(c.port)/compare?period=2026"), "\(redirect.output)")
        // Token mode: reads need a token too.
        #expect(try Self.tlsCurl(["--cacert", c.ca.certificate, c.base + "/api/v1/meters"]).output.contains("HTTP/1.1 401"))
        let read = try Self.tlsCurl(["--cacert", c.ca.certificate, "-H", "Authorization: Bearer \(Self.reader)", c.base + "/api/v1/meters"])
        #expect(read.output.contains("HTTP/1.1 200") && read.output.contains("lib-power"))
    }

    /// A renewed certificate is served after SIGHUP, and a connection opened before stays up.
    @Test func aRenewedCertificateIsServedWithoutDroppingAConnection() throws {
        let c = try Self.central()
        defer { _ = try? c.server.stop() }
        func serial() throws -> String {
            let r = try CLIHarness.tool(
                "/bin/sh",
                [
                    "-c",
                    "openssl s_client -connect 127.0.0.1:\(c.port) -CAfile \(c.ca.certificate) </dev/null 2>/dev/null "
                        + "| openssl x509 -noout -serial",
                ])
            return r.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let before = try serial()
        // A keep-alive connection opened now, used before and after the renewal.
        let session = try OpenSSLSession(port: c.port, ca: c.ca.certificate)
        defer { session.close() }
        #expect(try session.get("/healthz").contains("HTTP/1.1 200"))
        let renewed = try c.ca.issue("central-renewed", hosts: ["localhost"], ips: ["127.0.0.1"], serial: 4242)
        try? FileManager.default.removeItem(atPath: c.cli.dir + "/server.pem")
        try? FileManager.default.removeItem(atPath: c.cli.dir + "/server-key.pem")
        try FileManager.default.copyItem(atPath: renewed.certificate, toPath: c.cli.dir + "/server.pem")
        try FileManager.default.copyItem(atPath: renewed.key, toPath: c.cli.dir + "/server-key.pem")
        kill(c.server.process.processIdentifier, SIGHUP)
        try c.server.waitFor("reloaded on SIGHUP")
        #expect(try serial() == "serial=1092" && before != "serial=1092", "\(before)")
        #expect(try session.get("/healthz").contains("HTTP/1.1 200"), "the connection opened before the renewal was dropped")
    }

    /// An edge forwards to an HTTPS central trusting the city's CA; one trusting another CA, or
    /// without its client certificate where the central asks for one, stores nothing.
    @Test func edgesTrustTheCitysCAAndShowTheirCertificate() throws {
        let edgeToken = "library-edge-token-" + String(repeating: "9", count: 20)
        let digest = try CLIHarness.tool("/bin/sh", ["-c", "printf %s '\(edgeToken)' | sha256sum | cut -d' ' -f1"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let c = try Self.central(clientCA: true, extraTokens: "  tokens: [ { name: library-edge, sha256: \(digest), site: library } ]")
        defer { _ = try? c.server.stop() }
        let rogue = try TestCA(in: c.cli.dir + "/rogue", name: "rogue")
        let edgeCert = try c.ca.issue("library-edge", client: true)
        try edgeToken.write(toFile: c.cli.dir + "/edge.token", atomically: true, encoding: .utf8)
        func edge(_ name: String, ca: String, clientCert: Bool) throws -> CLIHarness.Result {
            try c.cli.write(
                "\(name).yaml",
                """
                site: { timezone: Asia/Taipei }
                storage: { path: \(name).sqlite }
                meters: [ { id: lib-power, category: electricity, unit: kWh } ]
                forward:
                  to: https://127.0.0.1:\(c.port)
                  site: library
                  token_file: edge.token
                  ca: \(ca)
                \(clientCert ? "  client_cert: { cert: \(edgeCert.certificate), key: \(edgeCert.key) }" : "")
                """)
            try c.cli.write(
                "\(name).csv", "meter,time,value\nlib-power,2026-11-01T00:00:00+08:00,100\nlib-power,2026-11-01T01:00:00+08:00,130\n")
            #expect(try c.cli.run(["import", "readings", "--config", "\(name).yaml", "\(name).csv"]).status == 0)
            // Something the edge's audit log holds, to reach the central's.
            #expect(
                try c.cli.run(
                    ["users", "add", "librarian-\(name)", "--role", "viewer", "--config", "\(name).yaml"], input: "a long enough pass\n"
                ).status == 0)
            return try c.cli.run(["forward", "--once", "--config", "\(name).yaml"])
        }
        let stranger = try edge("stranger", ca: rogue.certificate, clientCert: true)
        #expect(stranger.status != 0 && (stranger.stdout + stranger.stderr).contains("TLS"), "\(stranger.stdout)\(stranger.stderr)")
        let anonymous = try edge("anonymous", ca: c.ca.certificate, clientCert: false)
        #expect(
            anonymous.status != 0 && (anonymous.stdout + anonymous.stderr).contains("client certificate"),
            "\(anonymous.stdout)\(anonymous.stderr)")
        let meters = try Self.tlsCurl([
            "--cacert", c.ca.certificate, "-H", "Authorization: Bearer \(Self.reader)", c.base + "/api/v1/latest?meter=lib-power",
        ])
        #expect(meters.output.contains("[]"), "nothing may arrive from a refused edge: \(meters.output)")
        let trusted = try edge("trusted", ca: c.ca.certificate, clientCert: true)
        #expect(trusted.status == 0, "\(trusted.stdout)\(trusted.stderr)")
        let after = try Self.tlsCurl([
            "--cacert", c.ca.certificate, "-H", "Authorization: Bearer \(Self.reader)", c.base + "/api/v1/latest?meter=lib-power",
        ])
        #expect(after.output.contains("\"value\":130"), "\(after.output)")
        // The edge's audit entries are in the central's log, under its building, once.
        #expect(try c.cli.run(["forward", "--once", "--config", "trusted.yaml"]).status == 0)
        let audit = try c.cli.run(["audit", "list", "--format", "csv"])
        #expect(audit.stdout.components(separatedBy: "user-added,librarian-trusted").count - 1 == 1, "\(audit.stdout)")
        #expect(audit.stdout.contains(",ok,library"), "\(audit.stdout)")
        #expect(!audit.stdout.contains("librarian-stranger"))
    }
}

/// `openssl s_client` kept open: requests sent one after another on the same TLS connection.
final class OpenSSLSession {
    let process = Process()
    let input = Pipe()
    let output = Pipe()

    init(port: Int, ca: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", ca, "-quiet", "-verify_return_error"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Sends a GET and reads its answer (a small one: `Content-Length` bytes after the head).
    func get(_ path: String) throws -> String {
        input.fileHandleForWriting.write(Data("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        var text = ""
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 200) > 0 else { continue }
            var buf = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buf, buf.count)
            guard n > 0 else { break }
            text += String(decoding: buf[0..<n], as: UTF8.self)
            if let head = text.range(of: "\r\n\r\n"),
                let lengthLine = text[..<head.lowerBound].split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-length:")
                }),
                let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
                text[head.upperBound...].utf8.count >= length
            {
                return text
            }
        }
        return text
    }

    /// SIGKILL: a child started from Swift's worker threads inherits a mask that blocks SIGTERM.
    func close() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
