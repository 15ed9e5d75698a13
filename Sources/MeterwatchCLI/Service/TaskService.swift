import ServiceLifecycle

/// Runs a task-style `run()` as a service that stops on graceful shutdown.
struct TaskService: Service {
    let name: String
    let body: @Sendable () async throws -> Void
    func run() async throws { try await cancelWhenGracefulShutdown { try await body() } }
}
