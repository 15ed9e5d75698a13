import Hummingbird
import NIOPosix

/// Runs blocking work (SQLite reads, report building) on NIO's thread pool, off the cooperative pool.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(body)
}

extension Request {
    /// A query parameter as given; present but empty stays "" so that validation rejects it.
    func query(_ name: String) -> String? {
        uri.queryParameters.get(name)
    }
}
