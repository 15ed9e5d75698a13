import Foundation
import MeterwatchCore
import MeterwatchModbus
import Testing

/// The server's refusals, through the real binary and raw sockets: a body trickled byte by byte
/// is cut at the body timeout (and never read without a valid token), wrong tokens are limited per
/// client and logged without the token, and connections past the cap are closed at once.
@Suite(.serialized) struct RefusalsCLITests {
    static let importer = "mw_" + String(repeating: "d4", count: 32)

    /// A TCP connection to the server, written and read by hand.
    final class RawConnection {
        let fd: Int32

        init(port: Int) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let r = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard r == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        func send(_ text: String) { _ = text.withCString { write(fd, $0, strlen($0)) } }

        /// What arrives within `seconds` (or until an answer's head, with `head`), and whether the
        /// server closed the connection.
        func read(seconds: Double, head: Bool = false) -> (text: String, closed: Bool) {
            var text = ""
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&pfd, 1, 50) > 0 else { continue }
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = Glibc.read(fd, &buf, buf.count)
                if n <= 0 { return (text, true) }
                text += String(decoding: buf[0..<n], as: UTF8.self)
                if head && text.contains("\r\n\r\n") { return (text, false) }
            }
            return (text, false)
        }

        deinit { close(fd) }
    }

    static func serve(_ cli: CLIHarness, port: Int) throws -> BackgroundCommand {
        try cli.write(
            "meterwatch.yaml",
            """
            site: { timezone: Asia/Taipei }
            storage: { path: store.sqlite }
            meters: [ { id: hall-power, category: electricity, unit: kWh } ]
            server: { bind: 127.0.0.1:\(port), max_connections: 16, limits: { body_timeout: 1s } }
            auth: { mode: token, failed_logins: 5 }
            """)
        let server = try BackgroundCommand(
            cli, ["serve", "--no-collect"], environment: ["MW_API_TOKENS": "importer:import+read:\(importer)"])
        try server.waitFor("serving http://")
        return server
    }

    @Test func slowBodiesWrongTokensAndTooManyConnectionsAreRefused() throws {
        let cli = try CLIHarness()
        let port = freeLoopbackPort()
        let server = try Self.serve(cli, port: port)
        defer { _ = try? server.stop() }
        let head = "POST /api/v1/import/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n"

        // Without a valid token the body is never read: 401 at once.
        let stranger = try RawConnection(port: port)
        let t0 = Date()
        stranger.send(head + "Authorization: Bearer mw_\(String(repeating: "0", count: 64))\r\n\r\nmeter,time,value\n")
        let refused = stranger.read(seconds: 3, head: true)
        #expect(refused.text.hasPrefix("HTTP/1.1 401") && Date().timeIntervalSince(t0) < 1, "\(refused.text)")

        // With one, a body trickled in is cut when the body timeout (1 s) is up: 408, the connection closed.
        let slow = try RawConnection(port: port)
        let t1 = Date()
        slow.send(head + "Authorization: Bearer \(Self.importer)\r\n\r\nmeter,time,value\n")
        var answer = ""
        var closed = false
        for _ in 0..<8 where !closed {
            slow.send("h")
            let got = slow.read(seconds: 0.5)
            answer += got.text
            closed = got.closed
        }
        let elapsed = Date().timeIntervalSince(t1)
        #expect(answer.hasPrefix("HTTP/1.1 408") && closed && elapsed >= 1 && elapsed < 3.5, "\(elapsed) s: \(answer)")
        #expect(
            try curl("GET", "http://127.0.0.1:\(port)/api/v1/latest", headers: ["Authorization": "Bearer \(Self.importer)"]).body == "[]")

        // Wrong tokens: 401, and past five a minute (the stranger's was the first) 429 with Retry-After;
        // logged, never the token.
        var statuses: [Int] = []
        for k in 0..<7 {
            let r = try curl("GET", "http://127.0.0.1:\(port)/api/v1/meters", headers: ["Authorization": "Bearer guess-\(k)-Tr1ed"])
            statuses.append(r.status)
            if k == 6 { #expect(Int(r.headers["retry-after"] ?? "") ?? 0 > 0) }
        }
        #expect(statuses == [401, 401, 401, 401, 429, 429, 429], "\(statuses)")
        try server.waitFor("refused a token from 127.0.0.1 (unknown token; 5 in the last minute)")
        #expect(!server.seen.contains("Tr1ed"))

        // Behind a reverse proxy on loopback, the client is the address the proxy forwarded for: another
        // client is not limited by 127.0.0.1's failures, and the log and audit name it.
        let proxied = try curl(
            "GET", "http://127.0.0.1:\(port)/api/v1/meters",
            headers: ["Authorization": "Bearer guess-7-Tr1ed", "X-Forwarded-For": "203.0.113.9, 10.20.30.40"])
        #expect(proxied.status == 401)
        try server.waitFor("refused a token from 10.20.30.40 (unknown token; 1 in the last minute)")
        let audit = try cli.run(["audit", "list", "--action", "token-refused", "--format", "csv"])
        #expect(audit.stdout.contains("10.20.30.40") && !audit.stdout.contains("203.0.113.9"), "\(audit.stdout)")

        // Sixteen connections at most: the seventeenth is closed at once; freed places serve again.
        var idle: [RawConnection] = []
        for _ in 0..<16 { idle.append(try RawConnection(port: port)) }
        usleep(200_000)
        let extra = try RawConnection(port: port)
        extra.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let cut = extra.read(seconds: 2)
        #expect(cut.closed && cut.text.isEmpty, "\(cut.text)")
        idle.removeAll()
        usleep(300_000)
        #expect(try curl("GET", "http://127.0.0.1:\(port)/healthz").status == 200)
    }
}
