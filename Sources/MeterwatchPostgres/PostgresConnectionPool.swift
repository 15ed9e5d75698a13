import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A few connections to the central, lent to one caller at a time: a statement outside a
/// transaction borrows one for itself, a transaction keeps one from BEGIN to COMMIT, so that
/// concurrent requests never run inside another's transaction. A connection found closed (the
/// server restarted, the network dropped) is replaced when it is next lent, never in the middle of
/// a transaction, whose statements must all reach the same session.
///
/// Blocking (`wait()`, a condition): callers are dedicated threads, never the cooperative pool.
final class PostgresConnectionPool: @unchecked Sendable {
    let configuration: PostgresConnection.Configuration
    let eventLoop: any EventLoop
    let logger: Logger
    let size: Int
    /// Guards everything below.
    private let condition = NSCondition()
    private var idle: [PostgresConnection] = []
    /// Connections lent, idle or being made.
    private var open = 0
    private var closed = false
    private var made = 0

    init(configuration: PostgresConnection.Configuration, eventLoop: any EventLoop, logger: Logger, size: Int) {
        self.configuration = configuration
        self.eventLoop = eventLoop
        self.logger = logger
        self.size = size
    }

    /// A connection of the caller's own until `release`: an idle one still open, or a new one while
    /// fewer than `size` are open, else the first one given back.
    func lease() throws -> PostgresConnection {
        condition.lock()
        var id = 0
        while true {
            if let c = idle.popLast() {
                if !c.isClosed {
                    condition.unlock()
                    return c
                }
                open -= 1
                continue
            }
            if open < size {
                open += 1
                made += 1
                id = made
                break
            }
            condition.wait()
        }
        condition.unlock()
        do {
            return try PostgresConnection.connect(on: eventLoop, configuration: configuration, id: id, logger: logger).wait()
        } catch {
            condition.lock()
            open -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    /// Gives a connection back; a closed one is dropped, making room for a new one.
    func release(_ connection: PostgresConnection) {
        condition.lock()
        let drop = closed || connection.isClosed
        if drop { open -= 1 } else { idle.append(connection) }
        condition.signal()
        condition.unlock()
        if drop { try? connection.close().wait() }
    }

    /// Closes the idle connections; those lent are closed when given back.
    func closeAll() {
        condition.lock()
        closed = true
        let all = idle
        idle = []
        open -= all.count
        condition.broadcast()
        condition.unlock()
        for c in all { try? c.close().wait() }
    }
}
