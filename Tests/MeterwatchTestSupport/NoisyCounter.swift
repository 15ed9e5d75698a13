import MeterwatchCore

/// Readings of a counter in bad shape: glitches in every few readings (zeros, spikes, dips of
/// several readings, resets, wraps at a 100,000 register), each kind at a rate drawn per case, so
/// that the counter analysis' anchor often sits far from the reading being judged.
public enum NoisyCounter {
    /// Rules to read it with: the register's width, a rate limit and a glitch window drawn per case.
    public static func rules(_ rng: inout SeededRandom) -> CounterRules {
        CounterRules(
            rolloverAt: 100_000, maxRatePerHour: Double(Int.random(in: 100...2_000, using: &rng)), maxGapMs: msPerHour,
            glitchWindow: Int.random(in: 1...16, using: &rng))
    }

    public static func readings(_ rng: inout SeededRandom, start: Int64, count: Int) -> [Sample] {
        var out: [Sample] = []
        var t = start
        var value = Double(Int.random(in: 90_000...99_000, using: &rng))
        let zeros = Int.random(in: 0...15, using: &rng)
        let spikes = Int.random(in: 0...15, using: &rng)
        let dips = Int.random(in: 0...6, using: &rng)
        let resets = Int.random(in: 0...2, using: &rng)
        let maxStep = Int.random(in: 5...400, using: &rng)
        var dip = 0
        for _ in 0..<count {
            t += Int64.random(in: 1...5, using: &rng) * msPerMinute
            if Int.random(in: 0..<60, using: &rng) == 0 { t += Int64.random(in: 2...6, using: &rng) * msPerHour }
            value += Double(Int.random(in: 0...maxStep, using: &rng)) / 10
            if value >= 100_000 { value -= 100_000 }
            var reading = value
            let r = Int.random(in: 0..<100, using: &rng)
            if dip > 0 {
                dip -= 1
                reading = value / 3
            } else if r < zeros {
                reading = 0
            } else if r < zeros + spikes {
                reading = value + Double(Int.random(in: 50...50_000, using: &rng))
            } else if r < zeros + spikes + dips {
                dip = Int.random(in: 0...20, using: &rng)
                reading = value / 3
            } else if r < zeros + spikes + dips + resets {
                value = Double(Int.random(in: 0...50, using: &rng))
                reading = value
            }
            out.append(Sample(ms: t, value: reading))
        }
        return out
    }
}
