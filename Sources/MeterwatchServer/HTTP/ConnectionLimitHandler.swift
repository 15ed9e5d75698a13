import NIOCore
import Synchronization

/// Closes a connection at once when `server.max_connections` are open already: a client opening
/// thousands of idle sockets cannot starve the others of file descriptors.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    let counter: ConnectionCounter

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        if !counter.admit() {
            context.close(promise: nil)
            return
        }
        context.channel.closeFuture.whenComplete { [counter] _ in counter.close() }
    }
}

/// Open connections of one listener.
final class ConnectionCounter: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)
    private let refused = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    var openCount: Int { count.load(ordering: .relaxed) }
    var refusedSoFar: Int { refused.load(ordering: .relaxed) }

    /// Counts a new connection; false (and not counted) past the limit.
    func admit() -> Bool {
        if count.add(1, ordering: .acquiringAndReleasing).newValue > limit {
            count.subtract(1, ordering: .acquiringAndReleasing)
            refused.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func close() { count.subtract(1, ordering: .acquiringAndReleasing) }
}
