import Foundation
import Synchronization

/// Files previewed and waiting for their commit, by a random id, for their uploader only; thirty
/// minutes at most, 64 MB in all (the oldest go first).
final class UploadStaging: Sendable {
    struct Staged: Sendable {
        var owner: String
        var kind: String
        var file: String
        var data: Data
        var stagedAtMs: Int64 = 0
    }

    static let lifetimeMs: Int64 = 30 * 60_000
    static let capacityBytes = 64 << 20
    private let files = Mutex<[String: Staged]>([:])

    func stage(_ file: Staged, nowMs: Int64) -> String {
        let id = CSRF.randomToken()
        var f = file
        f.stagedAtMs = nowMs
        files.withLock { all in
            all = all.filter { nowMs - $0.value.stagedAtMs < Self.lifetimeMs }
            while all.values.reduce(0, { $0 + $1.data.count }) + f.data.count > Self.capacityBytes,
                let oldest = all.min(by: { $0.value.stagedAtMs < $1.value.stagedAtMs })
            {
                all[oldest.key] = nil
            }
            all[id] = f
        }
        return id
    }

    /// The file staged under `id` by `owner`, once.
    func take(_ id: String, owner: String, nowMs: Int64) -> Staged? {
        files.withLock { all in
            guard let f = all[id], f.owner == owner, nowMs - f.stagedAtMs < Self.lifetimeMs else { return nil }
            all[id] = nil
            return f
        }
    }
}
