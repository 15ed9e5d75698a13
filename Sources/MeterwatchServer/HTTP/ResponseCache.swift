import Hummingbird
import NIOCore
import Synchronization

/// Rendered answers of the expensive reads (`/api/v1/compare`, the report, the overview), kept
/// while nothing was written to the store: an entry is used only for the store generation
/// (`MeterStore.generation()`) and the time bucket it was rendered in, so it is never staler than
/// the last write, nor than the clock moving on (a comparison to date moves every quarter hour).
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let generation: Int64
        let bucket: Int64
        let headers: HTTPFields
        let body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Renders under way: requests for the same answer wait for the one render instead of each
    /// starting their own (after a write, every screen asks at once).
    private let inFlight = Mutex<[String: (generation: Int64, bucket: Int64, task: Task<ByteBuffer, any Error>)]>([:])
    /// Bytes held at most; past it, the cache starts over (simple, and a burst of distinct
    /// requests cannot grow memory).
    let capacityBytes: Int
    private let heldBytes = Mutex(0)

    init(capacityBytes: Int = 32 << 20) { self.capacityBytes = capacityBytes }

    func lookup(_ key: String, generation: Int64, bucket: Int64) -> Response? {
        guard let e = entries.withLock({ $0[key] }), e.generation == generation, e.bucket == bucket else {
            return nil
        }
        return Response(status: .ok, headers: e.headers, body: .init(byteBuffer: e.body))
    }

    /// The answer for `key` at this generation and bucket: cached, or rendered once for every
    /// request that asks meanwhile.
    func answer(
        _ key: String, generation: Int64, bucket: Int64, headers: HTTPFields, render: @escaping @Sendable () async throws -> ByteBuffer
    ) async throws -> Response {
        if let hit = lookup(key, generation: generation, bucket: bucket) {
            return hit
        }
        let task = inFlight.withLock { flights -> Task<ByteBuffer, any Error> in
            if let f = flights[key], f.generation == generation, f.bucket == bucket {
                return f.task
            }
            let t = Task { try await render() }
            flights[key] = (generation, bucket, t)
            return t
        }
        defer {
            inFlight.withLock { flights in
                if let f = flights[key], f.generation == generation, f.bucket == bucket { flights[key] = nil }
            }
        }
        let body = try await task.value
        store(key, generation: generation, bucket: bucket, headers: headers, body: body)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    func store(_ key: String, generation: Int64, bucket: Int64, headers: HTTPFields, body: ByteBuffer) {
        let size = body.readableBytes + key.utf8.count
        guard size <= capacityBytes / 8 else { return }
        entries.withLock { entries in
            heldBytes.withLock { held in
                if held + size > capacityBytes {
                    entries.removeAll(keepingCapacity: true)
                    held = 0
                }
                if let old = entries[key] { held -= old.body.readableBytes + key.utf8.count }
                entries[key] = Entry(generation: generation, bucket: bucket, headers: headers, body: body)
                held += size
            }
        }
    }

    /// The request's path and its query parameters in a fixed order, plus what else the answer
    /// depends on (the reader's language).
    static func key(_ req: Request, extra: String = "") -> String {
        let query = req.uri.queryParameters.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "&")
        return "\(req.uri.path)?\(query)#\(extra)"
    }
}
