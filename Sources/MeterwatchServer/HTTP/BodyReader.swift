import Hummingbird
import NIOCore

/// A request body read whole, up to a size and within a time: a client trickling a body byte by
/// byte gets 408 when `server.limits.body_timeout` is up, and its connection is closed.
enum BodyReader {
    static func collect(_ request: Request, limit: Int, timeoutMs: Int64) async throws -> ByteBuffer {
        let body = request.body
        return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: limit) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(timeoutMs))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw Problem(.requestTimeout, "the request body did not arrive within \(timeoutMs / 1000) s (server.limits.body_timeout)")
            }
            return buffer
        }
    }

    /// The body collected and kept in the request, so that a handler after a middleware that read it
    /// (the CSRF check) reads it again.
    static func kept(_ request: Request, limit: Int, timeoutMs: Int64) async throws -> (Request, ByteBuffer) {
        let buffer = try await collect(request, limit: limit, timeoutMs: timeoutMs)
        var copy = request
        copy.body = RequestBody(buffer: buffer)
        return (copy, buffer)
    }
}
