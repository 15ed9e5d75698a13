import Hummingbird
import NIOCore

extension ServerState {
    /// Serves an answer from the cache while nothing was written and the time bucket is the
    /// same, else renders it as a heavy answer (`heavy`: the render gate, the deadline, the client
    /// still there) and keeps it. An answer past `server.limits.answer` is a 413.
    func cached(
        _ key: String, bucketMs: Int64, headers: HTTPFields, context: ServerContext,
        render: @escaping @Sendable (ServerState) throws -> [UInt8]
    ) async throws -> Response {
        let state = self
        let bucket = nowMs / bucketMs
        let generation = try await blocking { try state.generation() }
        return try await cache.answer(key, generation: generation, bucket: bucket, headers: headers) {
            let bytes = try await state.heavy(context, render)
            let limit = state.config.server.limits.maxAnswerBytes
            guard bytes.count <= limit else {
                throw Problem(
                    .contentTooLarge, "the answer would be \(bytes.count >> 20) MB; the limit is \(limit >> 20) MB (server.limits.answer)")
            }
            return ByteBuffer(bytes: bytes)
        }
    }
}
