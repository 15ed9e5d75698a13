/// Turns counter readings into checked deltas.
///
/// A decrease is never consumption. In order, a drop is explained as: a recorded replacement; a
/// transient glitch (a later reading within `glitchWindow` comes back to the old level, or the
/// previous reading was a spike the series came back from); a rollover (configured width, from
/// the upper half to the lower half); otherwise a reset, which counts nothing.
///
/// **Resynchronisation points.** A reading with `glitchWindow` quiet readings on each side (each
/// step up or level, at a plausible rate, no replacement among them) is one. The analysis is cut
/// there: each piece between two such points is analysed alone, from its first reading as the
/// anchor to its last, which is always accepted. So a piece's deltas depend only on its own
/// readings, and a store that recomputes from the point before a change to the point after it
/// gets the rollups a whole rebuild gets, whatever order the readings arrived in. Inside a quiet
/// stretch the cut changes nothing: a glitch is at most `glitchWindow` readings long, so none can
/// straddle a point whose neighbours on both sides are quiet.
public enum CounterAnalyzer {
    public static func analyze(_ samples: [Sample], rules: CounterRules, replacements: [CounterReplacement] = []) -> CounterAnalysis {
        analyze(samples, rules: rules, replacements: replacements, from: 0, through: samples.count - 1)
    }

    /// The analysis of `samples[first...last]`, where `first` and `last` are resynchronisation
    /// points or the ends of the series; the readings around them only decide which readings in
    /// between are resynchronisation points.
    public static func analyze(
        _ samples: [Sample], rules: CounterRules, replacements: [CounterReplacement] = [], from first: Int, through last: Int
    ) -> CounterAnalysis {
        var out = CounterAnalysis()
        guard first >= 0, last < samples.count, last - first >= 1 else { return out }
        let events = replacements.sorted { $0.ms < $1.ms }
        var start = first
        for point in resyncPoints(samples, rules: rules, replacements: events, in: (first + 1)..<last) + [last] {
            let piece = analyzeSegment(samples, start...point, rules: rules, events: events)
            out.intervals += piece.intervals
            out.glitches += piece.glitches
            start = point
        }
        return out
    }

    /// The readings in `range` that are resynchronisation points (see the type's comment): those with
    /// `glitchWindow` readings on each side inside `samples`, every step among them quiet.
    public static func resyncPoints(_ samples: [Sample], rules: CounterRules, replacements: [CounterReplacement], in range: Range<Int>)
        -> [Int]
    {
        let w = max(1, rules.glitchWindow)
        let lo = max(range.lowerBound, w)
        let hi = min(range.upperBound, samples.count - w)
        guard lo < hi else { return [] }
        // quiet[k]: the step from k-1 to k. A run of 2w quiet steps centred on r makes r a point.
        var points: [Int] = []
        var run = 0
        // Steps lo-w+1 … hi+w-1 decide the points in lo..<hi.
        for k in (lo - w + 1)..<(hi + w) {
            run = isQuietStep(samples, k, rules: rules, replacements: replacements) ? run + 1 : 0
            let r = k - w
            if r >= lo && r < hi && run >= 2 * w { points.append(r) }
        }
        return points
    }

    /// Whether the step from reading k-1 to reading k is up or level at a plausible rate, with no
    /// replacement between them.
    static func isQuietStep(_ samples: [Sample], _ k: Int, rules: CounterRules, replacements: [CounterReplacement]) -> Bool {
        let a = samples[k - 1]
        let b = samples[k]
        guard b.value >= a.value, plausible(a, b, rules) else { return false }
        return !replacements.contains { $0.ms > a.ms && $0.ms <= b.ms }
    }

    static func plausible(_ from: Sample, _ to: Sample, _ rules: CounterRules) -> Bool {
        guard let maxRate = rules.maxRatePerHour else { return true }
        let hours = Double(to.ms - from.ms) / Double(msPerHour)
        return to.value - from.value <= maxRate * max(hours, 1.0 / 3600)
    }

    /// One piece: its first reading is the anchor, its last is accepted; nothing outside is read.
    static func analyzeSegment(_ samples: [Sample], _ range: ClosedRange<Int>, rules: CounterRules, events: [CounterReplacement])
        -> CounterAnalysis
    {
        var out = CounterAnalysis()
        let window = max(1, rules.glitchWindow)
        let end = range.upperBound + 1
        var isGlitch = [Bool](repeating: false, count: range.count)
        // Accepted readings, as indexes; intervals[k] goes from accepted[k] to accepted[k+1].
        var accepted: [Int] = [range.lowerBound]

        func replacement(after a: Int64, upTo b: Int64) -> CounterReplacement? {
            events.first { $0.ms > a && $0.ms <= b }
        }
        func plausible(_ from: Sample, _ to: Sample) -> Bool { Self.plausible(from, to, rules) }
        func markGlitches(_ r: Range<Int>) { for k in r { isGlitch[k - range.lowerBound] = true } }
        func emit(_ a: Int, _ b: Int, _ delta: Double, _ kind: CounterInterval.Kind) {
            let sa = samples[a]
            let sb = samples[b]
            out.intervals.append(
                CounterInterval(
                    startMs: sa.ms, endMs: sb.ms, delta: delta, kind: kind,
                    spansGap: sb.ms - sa.ms > rules.maxGapMs))
            accepted.append(b)
        }

        var i = range.lowerBound + 1
        while i < end {
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
                if let j = (i + 1..<min(end, i + 1 + window)).first(where: {
                    samples[$0].value >= a.value && samples[$0].value < b.value && plausible(a, samples[$0])
                }) {
                    markGlitches(i..<j)
                    i = j
                    continue
                }
                emit(anchor, i, 0, .implausibleJump)
                i += 1
                continue
            }
            // A drop. Transient dip: a later reading within the window returns to the old level.
            if let j = (i + 1..<min(end, i + 1 + window)).first(where: {
                samples[$0].value >= a.value && replacement(after: a.ms, upTo: samples[$0].ms) == nil
            }) {
                markGlitches(i..<j)
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
                for k in accepted[(back + 1)...] { isGlitch[k - range.lowerBound] = true }
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
        for (k, flag) in isGlitch.enumerated() where flag { out.glitches.append(samples[range.lowerBound + k]) }
        return out
    }
}
