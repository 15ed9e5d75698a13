import Hummingbird
import HummingbirdAuth
import NIOCore

/// The request context of every route: Hummingbird's core, the identity `AccessMiddleware` found,
/// the client's address, and whether the client is still there (a heavy answer stops when it leaves).
public struct ServerContext: AuthRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    public let remoteAddress: SocketAddress?
    /// The client's connection, when it has one to watch (nil: a request made in process, as the
    /// router tests make them, has no connection that could close).
    let channel: (any Channel)?
    /// The address a reverse proxy on loopback says it saw (`ClientAddressMiddleware`).
    var forwardedFor: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        channel = source.channel.isActive ? source.channel : nil
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's address as the audit log and the rate limit key it: the IP alone (behind a proxy
    /// on loopback, the one it forwarded for).
    var clientAddress: String { forwardedFor ?? remoteAddress?.ipAddress ?? "local" }

    /// False once the client closed its connection.
    var clientIsConnected: Bool { channel?.isActive ?? true }
}
