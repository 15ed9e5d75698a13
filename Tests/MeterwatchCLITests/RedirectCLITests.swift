import Foundation
import MeterwatchCore
import MeterwatchModbus
import MeterwatchOutbound
import Testing

/// Requests to other servers (the forwarder's, the webhooks', the provider's) follow a redirect
/// within their own origin only: a redirect to another origin is refused before anything (a token,
/// a signed body) is sent there. Two real HTTP servers on loopback (Python's).
@Suite(.serialized) struct RedirectCLITests {
    final class Redirector {
        let process = Process()
        let out = Pipe()
        let port = freeLoopbackPort()
        var base: String { "http://127.0.0.1:\(port)" }

        init(elsewhere: String) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = [SignInCLITests.repo + "/Tests/Peers/redirector.py", "\(port)", elsewhere]
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline, (try? curl("GET", base + "/final"))?.status != 200 { usleep(50_000) }
        }

        /// The requests logged so far (after the readiness probes).
        func seen() -> [String] {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("GET /final") }
        }
    }

    @Test func aRedirectToAnotherOriginIsRefusedAndOneWithinIsFollowed() async throws {
        let elsewhere = try Redirector(elsewhere: "http://127.0.0.1:1")
        let origin = try Redirector(elsewhere: elsewhere.base)
        let headers = [("Authorization", "Bearer edge-secret-token"), ("Content-Type", "application/json")]
        do {
            _ = try await OutboundClient.send(
                OutboundRequest(url: URL(string: origin.base + "/cross")!, method: .POST, headers: headers, body: Data("{}".utf8)),
                timeoutMs: 5_000)
            Issue.record("a cross-origin redirect was followed")
        } catch let e as OutboundError {
            #expect(e == .crossOriginRedirect(from: "http://127.0.0.1:\(origin.port)", to: "http://127.0.0.1:\(elsewhere.port)"))
            #expect(!e.description.contains("edge-secret-token") && !e.description.contains("/stolen"))
        }
        let same = try await OutboundClient.send(
            OutboundRequest(url: URL(string: origin.base + "/same")!, method: .POST, headers: headers, body: Data("{}".utf8)),
            timeoutMs: 5_000)
        #expect(same.status == 200)
        #expect(elsewhere.seen().isEmpty, "the other origin was reached")
        let log = origin.seen()
        #expect(log == ["POST /cross auth=yes", "POST /same auth=yes", "POST /final auth=yes"], "\(log)")
    }
}
