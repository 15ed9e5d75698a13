import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The client's address behind a reverse proxy on the same machine: a request from a loopback peer
/// that carries `X-Forwarded-For` is keyed by the address the proxy appended last (the one it saw).
/// A header from any other peer is ignored, since a client can write whatever it likes there.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws
        -> Response
    {
        guard let peer = context.remoteAddress?.ipAddress, Self.isLoopback(peer),
            let header = request.headers[values: .xForwardedFor].last,
            let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
            Self.isAddress(last)
        else {
            return try await next(request, context)
        }
        var context = context
        context.forwardedFor = last
        return try await next(request, context)
    }

    static func isLoopback(_ ip: String) -> Bool { ip == "::1" || ip.hasPrefix("127.") || ip == "::ffff:127.0.0.1" }

    /// An IPv4 or IPv6 address as text, nothing else (it goes into logs and the audit log).
    static func isAddress(_ text: String) -> Bool {
        guard (2...45).contains(text.count) else { return false }
        return (try? SocketAddress(ipAddress: text, port: 0)) != nil
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
