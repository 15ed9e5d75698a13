import Foundation
import Logging
import MeterwatchConfig
import MeterwatchCore
import MeterwatchDevices
import MeterwatchModbus
import MeterwatchStore
import Synchronization

/// Samples waiting for the store. Bounded: when the store stays unavailable the oldest polls
/// are dropped (and counted) rather than growing without limit.
final class SampleSink: Sendable {
    private let state = Mutex<(pending: [PolledSamples], count: Int, dropped: Int)>(([], 0, 0))
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func add(_ p: PolledSamples) {
        state.withLock { s in
            s.pending.append(p)
            s.count += p.values.count
            while s.count > capacity, !s.pending.isEmpty {
                let old = s.pending.removeFirst()
                s.count -= old.values.count
                s.dropped += old.values.count
            }
        }
    }

    func take() -> [PolledSamples] {
        state.withLock { s in
            defer {
                s.pending = []
                s.count = 0
            }
            return s.pending
        }
    }

    /// Puts samples back at the front after a failed write.
    func putBack(_ items: [PolledSamples]) {
        state.withLock { s in
            s.pending.insert(contentsOf: items, at: 0)
            s.count += items.reduce(0) { $0 + $1.values.count }
            while s.count > capacity, !s.pending.isEmpty {
                let old = s.pending.removeFirst()
                s.count -= old.values.count
                s.dropped += old.values.count
            }
        }
    }

    var pendingCount: Int { state.withLock { $0.count } }
    var dropped: Int { state.withLock { $0.dropped } }
}
