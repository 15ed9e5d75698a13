import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Requests to other servers (the central, webhooks, the identity provider) over HTTP or HTTPS.
///
/// ```swift
/// let answer = try await OutboundClient.send(
///     OutboundRequest(url: url, method: .POST, headers: [("Authorization", "Bearer …")], body: json),
///     tls: OutboundTLS(caFile: "/etc/meterwatch/city-ca.pem"), timeoutMs: 30_000)
/// ```
/// Redirects are followed within the request's own origin only (scheme, host and port), at most
/// three; one to another origin is an error, so a bearer token or a signed body never goes there.
public enum OutboundClient {
    /// One client for the process (async-http-client's idiom: a long-lived client, its pool shared),
    /// with its own redirect handling off; each request carries its TLS configuration.
    static let client: HTTPClient = {
        var c = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // A refused connection fails the request at once: the forwarder and the webhooks keep their
        // own backoff, and a dead central must be said, not waited on for the request's whole timeout.
        c.connectionPool.retryConnectionEstablishment = false
        c.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: c)
    }()

    public static let maxRedirects = 3
    /// An answer's body is read up to this; a bigger one is cut (we read receipts and JSON documents).
    public static let maxAnswerBytes = 4 << 20

    public static func send(_ request: OutboundRequest, tls: OutboundTLS = OutboundTLS(), timeoutMs: Int64) async throws -> OutboundResponse
    {
        guard let first = URLComponents(url: request.url, resolvingAgainstBaseURL: false), let origin = Self.origin(first) else {
            throw OutboundError.badURL(request.url.scheme ?? "no scheme")
        }
        let tlsConfiguration: TLSConfiguration?
        do { tlsConfiguration = first.scheme == "https" ? try tls.configuration() : nil } catch {
            throw OutboundError.transport(origin: origin, reason: "TLS setup: \(error)")
        }
        var url = request.url
        var method = request.method
        var body = request.body
        for _ in 0...maxRedirects {
            var r = HTTPClientRequest(url: url.absoluteString)
            r.method = method
            for (name, value) in request.headers { r.headers.add(name: name, value: value) }
            if let body { r.body = .bytes(ByteBuffer(bytes: body)) }
            r.tlsConfiguration = tlsConfiguration
            let response: HTTPClientResponse
            do {
                response = try await client.execute(r, timeout: .milliseconds(timeoutMs))
            } catch {
                throw OutboundError.transport(origin: origin, reason: Self.reason(error))
            }
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "location") {
                // The redirect's own body is read and dropped, so that its connection is free again.
                _ = try? await response.body.collect(upTo: 64 << 10)
                guard let next = URL(string: location, relativeTo: url)?.absoluteURL,
                    let c = URLComponents(url: next, resolvingAgainstBaseURL: false), let nextOrigin = Self.origin(c)
                else { throw OutboundError.badURL("a redirect to an unreadable location") }
                guard nextOrigin == origin else { throw OutboundError.crossOriginRedirect(from: origin, to: nextOrigin) }
                url = next
                if status == 303 || ((status == 301 || status == 302) && method == .POST) {
                    method = .GET
                    body = nil
                }
                continue
            }
            let bytes = try await response.body.collect(upTo: maxAnswerBytes)
            let data = Data(bytes.readableBytesView)
            return OutboundResponse(status: status, headers: response.headers.map { ($0.name, $0.value) }, body: data)
        }
        throw OutboundError.tooManyRedirects(origin: origin)
    }

    /// `https://host:port`, the port always written.
    static func origin(_ c: URLComponents) -> String? {
        guard let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = c.host?.lowercased(), !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host):\(c.port ?? (scheme == "https" ? 443 : 80))"
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? NIOSSLError { return "TLS: \(e)" }
        if let e = error as? BoringSSLError { return "TLS: \(e)" }
        if let e = error as? HTTPClientError { return "\(e)" }
        return "\(error)"
    }
}
