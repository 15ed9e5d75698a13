import Crypto
import Foundation
import MeterwatchCore
import MeterwatchEngine
import Synchronization

/// The published files, built once per month (the set of complete months changes when a month
/// ends) and again after a write, at most every `refreshMs`: the collector writes every second, but
/// only a repair or a late import changes a complete month, and a public endpoint must not rebuild
/// a dataset per request. Each file has a strong ETag (SHA-256 of its bytes) and, as its
/// Last-Modified, the time this server first served those bytes.
final class OpenDataPublisher: Sendable {
    struct Published: Sendable {
        var dataset: OpenDataset
        var files: [String: OpenDataFile]
        var etags: [String: String]
    }

    private struct Entry {
        var generation: Int64
        var month: CivilDate
        var builtAtMs: Int64
        var published: Published
    }

    /// How stale a complete month's figure may be after a repair.
    static let refreshMs: Int64 = 10 * 60_000

    private let latest = Mutex<Entry?>(nil)
    /// ETag → when first served; kept for the files' lifetime in this process (a handful of entries a month).
    private let firstServed = Mutex<[String: Int64]>([:])

    /// The files for this month: cached while nothing was written or for `refreshMs`, else built by
    /// `build` (a heavy answer).
    func published(generation: Int64, month: CivilDate, nowMs: Int64, build: () async throws -> OpenDataset) async throws -> Published {
        if let hit = latest.withLock({ $0 }), hit.month == month, hit.generation == generation || nowMs - hit.builtAtMs < Self.refreshMs {
            return hit.published
        }
        let dataset = try await build()
        var files: [String: OpenDataFile] = [:]
        var etags: [String: String] = [:]
        for file in try OpenDataPackage.files(dataset) {
            files[file.name] = file
            let digest = SHA256.hash(data: file.bytes).map { String(format: "%02x", $0) }.joined()
            etags[file.name] = "\"\(digest.prefix(32))\""
        }
        let published = Published(dataset: dataset, files: files, etags: etags)
        latest.withLock { $0 = Entry(generation: generation, month: month, builtAtMs: nowMs, published: published) }
        return published
    }

    /// When `etag` was first served (now, the first time).
    func lastModified(etag: String, now: Int64) -> Int64 {
        firstServed.withLock { seen in
            if let at = seen[etag] { return at }
            // Seconds: HTTP dates have no finer unit, and If-Modified-Since compares whole seconds.
            let at = now / 1000 * 1000
            seen[etag] = at
            return at
        }
    }
}
