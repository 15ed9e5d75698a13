import Foundation
import Synchronization

/// Every read the simulator answered, by unit id and time: a device's polls are the clusters of
/// answers (the collector sends a poll's requests back to back; polls are at least a second apart).
final class PollLog: Sendable {
    private let answers = Mutex<[Int: [Int64]]>([:])

    func record(unit: Int) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        answers.withLock { $0[unit, default: []].append(now) }
    }

    /// The start of every poll of `unit`: answers closer than `gapMs` belong to one poll.
    func polls(unit: Int, gapMs: Int64 = 300) -> [Int64] {
        let times = answers.withLock { $0[unit] ?? [] }
        var starts: [Int64] = []
        var last: Int64?
        for t in times {
            if last.map({ t - $0 > gapMs }) ?? true { starts.append(t) }
            last = t
        }
        return starts
    }
}
