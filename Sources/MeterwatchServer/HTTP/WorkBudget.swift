import MeterwatchCore
import NIOCore

/// How long a heavy answer may take, and whether its client is still there. The engine's reads go
/// through `BudgetedReadingStore`, which asks before each: a report past its deadline stops with a
/// 503 that names the limit, and one whose client left stops at once instead of running on.
struct WorkBudget: Sendable {
    let deadlineMs: Int64
    let limitMs: Int64
    let clock: any TimeSource
    let channel: (any Channel)?

    enum Exceeded: Error {
        case deadline(limitMs: Int64)
        case clientGone
    }

    func check() throws {
        if let channel, !channel.isActive { throw Exceeded.clientGone }
        if clock.nowMs() > deadlineMs { throw Exceeded.deadline(limitMs: limitMs) }
    }
}
