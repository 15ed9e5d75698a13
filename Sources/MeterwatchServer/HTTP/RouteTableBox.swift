import Synchronization

/// The route table, filled once the routes are registered. Middleware is added to the router
/// before the routes (Hummingbird applies it only to routes added after it), so it reads the
/// table through this box.
final class RouteTableBox: Sendable {
    private let stored = Mutex(RouteTable(routes: []))

    var table: RouteTable { stored.withLock { $0 } }

    func set(_ table: RouteTable) { stored.withLock { $0 = table } }
}
