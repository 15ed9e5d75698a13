/// Turns counter readings into checked deltas.
///
/// A decrease is never consumption. In order, a drop is explained as: a recorded replacement; a
/// transient glitch (a later reading within `glitchWindow` comes back to the old level, or the
/// previous reading was a spike the series came back from); a rollover (configured width, from
/// the upper half to the lower half); otherwise a reset, which counts nothing.
public enum CounterAnalyzer {
    public static func analyze(_ samples: [Sample], rules: CounterRules, replacements: [CounterReplacement] = []) -> CounterAnalysis {
        var out = CounterAnalysis()
        guard samples.count >= 2 else { return out }
        let events = replacements.sorted { $0.ms < $1.ms }
        let window = max(1, rules.glitchWindow)
        var isGlitch = [Bool](repeating: false, count: samples.count)
        // Accepted readings, as indexes; intervals[k] goes from accepted[k] to accepted[k+1].
        var accepted: [Int] = [0]

        func replacement(after a: Int64, upTo b: Int64) -> CounterReplacement? {
            events.first { $0.ms > a && $0.ms <= b }
        }
        func plausible(_ from: Sample, _ to: Sample) -> Bool {
            guard let maxRate = rules.maxRatePerHour else { return true }
            let hours = Double(to.ms - from.ms) / Double(msPerHour)
            return to.value - from.value <= maxRate * max(hours, 1.0 / 3600)
        }
        func emit(_ a: Int, _ b: Int, _ delta: Double, _ kind: CounterInterval.Kind) {
            let sa = samples[a]
            let sb = samples[b]
            out.intervals.append(
                CounterInterval(
                    startMs: sa.ms, endMs: sb.ms, delta: delta, kind: kind,
                    spansGap: sb.ms - sa.ms > rules.maxGapMs))
            accepted.append(b)
        }

        var i = 1
        while i < samples.count {
            let anchor = accepted[accepted.count - 1]
            let a = samples[anchor]
            let b = samples[i]
            if let event = replacement(after: a.ms, upTo: b.ms) {
                let oldPart = max(0, (event.oldFinal ?? a.value) - a.value)
                let newPart = max(0, b.value - (event.newInitial ?? 0))
                emit(anchor, i, oldPart + newPart, .replacement)
                i += 1
                continue
            }
            if b.value >= a.value {
                if plausible(a, b) {
                    emit(anchor, i, b.value - a.value, .normal)
                    i += 1
                    continue
                }
                // Implausible rise: a spike if the series comes back within the window.
                if let j = (i + 1..<min(samples.count, i + 1 + window)).first(where: {
                    samples[$0].value >= a.value && samples[$0].value < b.value && plausible(a, samples[$0])
                }) {
                    for k in i..<j { isGlitch[k] = true }
                    i = j
                    continue
                }
                emit(anchor, i, 0, .implausibleJump)
                i += 1
                continue
            }
            // A drop. Transient dip: a later reading within the window returns to the old level.
            if let j = (i + 1..<min(samples.count, i + 1 + window)).first(where: {
                samples[$0].value >= a.value && replacement(after: a.ms, upTo: samples[$0].ms) == nil
            }) {
                for k in i..<j { isGlitch[k] = true }
                i = j
                continue
            }
            // Spike before: the last few accepted readings rose above where the series is now. Find the
            // latest accepted reading at or below `b` (only across normal intervals, within the window).
            var back = accepted.count - 2
            var steps = 0
            while back >= 0, steps < window, out.intervals[back].kind == .normal,
                samples[accepted[back]].value > b.value
            {
                back -= 1
                steps += 1
            }
            if back >= 0, steps < window, back < accepted.count - 1, out.intervals[back].kind == .normal,
                samples[accepted[back]].value <= b.value
            {
                for k in accepted[(back + 1)...] { isGlitch[k] = true }
                accepted.removeSubrange((back + 1)...)
                out.intervals.removeSubrange(back...)
                continue  // re-evaluate b against the earlier anchor
            }
            if let width = rules.rolloverAt, a.value >= width / 2, b.value < width / 2 {
                emit(anchor, i, (width - a.value) + b.value, .rollover)
            } else {
                emit(anchor, i, 0, .reset)
            }
            i += 1
        }
        for (k, flag) in isGlitch.enumerated() where flag { out.glitches.append(samples[k]) }
        return out
    }
}
