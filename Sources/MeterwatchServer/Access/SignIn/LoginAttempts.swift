import Synchronization

/// Sign-ins with the identity provider under way: what the callback must find again (the state it
/// was sent, the nonce the ID token must carry, the PKCE verifier, where to go after). Kept ten
/// minutes, in memory: a sign-in started before a restart starts again.
final class LoginAttempts: Sendable {
    struct Attempt: Sendable {
        var nonce: String
        var verifier: String
        var next: String
        var redirectURI: String
        var startedAtMs: Int64
    }

    static let lifetimeMs: Int64 = 10 * 60_000
    private let attempts = Mutex<[String: Attempt]>([:])

    func add(state: String, _ attempt: Attempt) {
        attempts.withLock { a in
            a = a.filter { attempt.startedAtMs - $0.value.startedAtMs < Self.lifetimeMs }
            if a.count < 10_000 { a[state] = attempt }
        }
    }

    /// The attempt of `state`, once (a replayed callback finds nothing).
    func take(state: String, nowMs: Int64) -> Attempt? {
        attempts.withLock { a in
            guard let found = a.removeValue(forKey: state), nowMs - found.startedAtMs < Self.lifetimeMs else { return nil }
            return found
        }
    }
}
