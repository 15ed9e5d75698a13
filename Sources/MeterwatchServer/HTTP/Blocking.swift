import Hummingbird
import NIOCore
import NIOPosix
import Synchronization

/// Runs blocking work (SQLite reads, report building) on NIO's thread pool, off the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    BlockingLoad.running.add(1, ordering: .relaxed)
    defer { BlockingLoad.running.subtract(1, ordering: .relaxed) }
    return try await NIOThreadPool.singleton.runIfActive(body)
}

/// How busy the blocking pool is: `/readyz` answers 503 while every thread is taken, so that a load
/// balancer sends new requests elsewhere instead of queueing them behind heavy renders.
enum BlockingLoad {
    static let running = Atomic<Int>(0)
    static var threads: Int { NIOSingletons.blockingPoolThreadCountSuggestion }
    static var saturated: Bool { running.load(ordering: .relaxed) >= threads }
}

extension Request {
    /// A query parameter as given; present but empty stays "" so that validation rejects it.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }
}
