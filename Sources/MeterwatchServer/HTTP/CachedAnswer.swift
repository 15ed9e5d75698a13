import Hummingbird
import NIOCore

extension ServerState {
    /// Serves an answer from the cache while nothing was written and the time bucket is the
    /// same, else renders it (blocking work, off the cooperative pool) and keeps it.
    func cached(
        _ key: String, bucketMs: Int64, headers: HTTPFields, render: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> Response {
        let state = self
        let bucket = nowMs / bucketMs
        let generation = try await blocking { try state.generation() }
        return try await cache.answer(key, generation: generation, bucket: bucket, headers: headers) {
            ByteBuffer(bytes: try await blocking(render))
        }
    }
}
