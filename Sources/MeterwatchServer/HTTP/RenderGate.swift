import Synchronization

/// Heavy answers (comparisons, reports, savings, the portfolio, pages) computed at once, at most
/// `server.limits.renders`: past it a request gets 503 with `Retry-After` at once, so that two
/// enormous reports cannot hold the blocking pool while `/api/v1/meters` waits.
final class RenderGate: Sendable {
    let limit: Int
    private let running = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    var inFlight: Int { running.load(ordering: .relaxed) }

    /// Runs `body` if a place is free, else throws 503.
    func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let now = running.add(1, ordering: .acquiringAndReleasing).newValue
        defer { running.subtract(1, ordering: .acquiringAndReleasing) }
        guard now <= limit else { throw Busy() }
        return try await body()
    }

    struct Busy: Error {}
}
