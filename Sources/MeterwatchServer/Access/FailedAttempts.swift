import Synchronization

/// Failed sign-ins and refused tokens per client address, in one-minute windows: past
/// `auth.failed_logins` in a window the client gets 429 until the window ends, before any token
/// is checked or any password hashed.
final class FailedAttempts: Sendable {
    let limit: Int
    private let windows = Mutex<[String: (start: Int64, count: Int)]>([:])
    static let windowMs: Int64 = 60_000

    init(perMinute limit: Int) { self.limit = limit }

    /// Seconds until `address` may try again (nil: it may now).
    func retryAfter(_ address: String, nowMs: Int64) -> Int? {
        windows.withLock { w in
            guard let entry = w[address], nowMs - entry.start < Self.windowMs, entry.count >= limit else { return nil }
            return Int((entry.start + Self.windowMs - nowMs + 999) / 1000)
        }
    }

    /// Counts a failure; the count in the current window.
    @discardableResult
    func record(_ address: String, nowMs: Int64) -> Int {
        windows.withLock { w in
            // Old windows go, so that the map stays as small as the clients of the last minute.
            if w.count > 10_000 { w = w.filter { nowMs - $0.value.start < Self.windowMs } }
            var entry = w[address] ?? (nowMs, 0)
            if nowMs - entry.start >= Self.windowMs { entry = (nowMs, 0) }
            entry.count += 1
            w[address] = entry
            return entry.count
        }
    }
}
