import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The soak's HTTP client (AsyncHTTPClient): HTTPS trusting the soak's own CA, or plain HTTP, called
/// from the soak's threads (blocking on the answer is what a thread of its own may do). Redirects
/// are not followed: a 303 to the sign-in page is an answer the account counts.
final class SoakClient: Sendable {
    struct Answer {
        var status: Int
        var seconds: Double
        var headers: HTTPHeaders
        var body: String
    }

    let base: String
    private let client: HTTPClient

    init(base: String, caFile: String?) throws {
        self.base = base
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile { tls.trustRoots = .file(caFile) }
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls, redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(5), read: .seconds(30)))
        configuration.connectionPool = .init(idleTimeout: .seconds(20), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The answer, or nil when the server did not answer (down, killed, starting). `fresh`: a new
    /// connection (and handshake) for this request alone, as a prober that measures the whole cost.
    func get(_ path: String, headers: [(String, String)] = [], fresh: Bool = false) -> Answer? {
        send(.GET, path, headers: headers + (fresh ? [("Connection", "close")] : []), body: nil)
    }

    func postForm(_ path: String, _ fields: [(String, String)], headers: [(String, String)] = []) -> Answer? {
        let body = fields.map { "\($0.0)=\(Self.formEscape($0.1))" }.joined(separator: "&")
        return send(.POST, path, headers: headers + [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)], body: String?) -> Answer? {
        let started = DispatchTime.now().uptimeNanoseconds
        guard
            let request = try? HTTPClient.Request(
                url: base + path, method: method, headers: HTTPHeaders(headers), body: body.map { .string($0) }),
            let response = try? client.execute(request: request, deadline: .now() + .seconds(60)).wait()
        else { return nil }
        let text = response.body.map { String(buffer: $0) } ?? ""
        return Answer(
            status: Int(response.status.code), seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9,
            headers: response.headers, body: text)
    }

    /// A cookie's value from an answer's `Set-Cookie` headers.
    static func cookie(_ name: String, in headers: HTTPHeaders) -> String? {
        for line in headers["Set-Cookie"] {
            let pair = line.split(separator: ";").first.map(String.init) ?? ""
            if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
        }
        return nil
    }

    static func formEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func shutdown() {
        try? client.syncShutdown()
    }
}
