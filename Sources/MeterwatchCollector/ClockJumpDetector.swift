import MeterwatchCore

/// Tells a jump of the host's wall clock (an administrator, NTP stepping it, an RTC-less boot)
/// from time passing, by comparing how far the wall clock and the monotonic clock moved.
///
/// ```swift
/// var detector = ClockJumpDetector(forwardToleranceMs: 300_000)
/// detector.check(wallMs: clock.nowMs(), monotonicMs: clock.monotonicMs())   // nil: no jump
/// // … the host's clock is set back an hour …
/// detector.check(wallMs: clock.nowMs(), monotonicMs: clock.monotonicMs())   // -3_600_000
/// ```
struct ClockJumpDetector: Sendable {
    /// A wall clock that falls behind the monotonic one by more than this jumped backwards.
    var backwardToleranceMs: Int64 = 1_000
    /// A wall clock that runs ahead by more than this jumped forwards ("far": NTP's small steps
    /// are normal; the plausibility skew is the default).
    var forwardToleranceMs: Int64
    private var reference: (wallMs: Int64, monotonicMs: Int64)?

    init(forwardToleranceMs: Int64) { self.forwardToleranceMs = forwardToleranceMs }

    /// The jump since the last check (positive: forwards), or nil when the clocks agree.
    mutating func check(wallMs: Int64, monotonicMs: Int64) -> Int64? {
        defer { reference = (wallMs, monotonicMs) }
        guard let r = reference else { return nil }
        let drift = (wallMs - r.wallMs) - (monotonicMs - r.monotonicMs)
        return drift < -backwardToleranceMs || drift > forwardToleranceMs ? drift : nil
    }
}
