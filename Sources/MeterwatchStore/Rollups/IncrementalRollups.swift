import MeterwatchCore

/// Brings a series' rollups up to date after a write, touching only the buckets the write can
/// change. Shared by both stores (through `RollupWorkspace`), so their rollups agree to the bit.
public struct IncrementalRollups {
    public let info: SeriesInfo
    public let calendar: LocalCalendar

    public init(info: SeriesInfo, calendar: LocalCalendar) {
        self.info = info
        self.calendar = calendar
    }

    /// Recomputes the rollups a change to readings in `[from, to]` can affect.
    ///
    /// A gauge's quarter depends on its own readings and the one after, so the readings just beyond
    /// are loaded as context. A counter's deltas depend on its piece between two resynchronisation
    /// points (`CounterAnalyzer`): the recompute reaches back to the last such point before the
    /// change and on to the first after it, so that any insertion order gives a whole rebuild's
    /// rollups. Hours, days and months above them are then rebuilt from their children.
    /// `appended`: the write's readings when all of them are newer than anything stored (live order),
    /// so only the context before them is read back.
    public func samplesChanged(in space: some RollupWorkspace, from: Int64, to: Int64, appended: [Sample]? = nil) throws {
        if info.kind == .counter {
            try counterChanged(in: space, from: from, to: to, appended: appended)
            return
        }
        let limit = max(1, info.rules.glitchWindow) + 1
        let q = LocalCalendar.quarterMs
        let lo = try space.samples(before: from, limit: limit).first?.ms ?? from
        var hi = to
        if appended == nil {
            hi = try space.samples(after: to, limit: limit).last?.ms ?? to
        }
        var start = floorDiv(lo, q) * q
        let end = floorDiv(hi, q) * q + q
        if let p = info.prunedBefore { start = max(start, p) }
        guard start < end else { return }

        var samples = try space.samples(before: start, limit: limit)
        if let appended {
            samples += try space.samples(from: start, to: appended[0].ms)
            samples += appended
        } else {
            samples += try space.samples(from: start, to: end)
            samples += try space.samples(after: end - 1, limit: limit)
        }
        try replaceQuarters(in: space, from: start, to: end, samples: samples)
    }

    /// Quarters are computed only where samples are; the rest of [start, end) is cleared. A range
    /// reaching far past the data (a deleted reading dated 2502) then costs nothing.
    func replaceQuarters(
        in space: some RollupWorkspace, from start: Int64, to end: Int64, samples: [Sample], analysis: CounterAnalysis? = nil
    ) throws {
        let q = LocalCalendar.quarterMs
        var quarters: [RollupBucket] = []
        if let first = samples.first, let last = samples.last {
            let dataStart = max(start, floorDiv(first.ms, q) * q)
            let dataEnd = min(end, floorDiv(last.ms, q) * q + q)
            if dataStart < dataEnd {
                if let analysis {
                    quarters = RollupMath.counterQuarters(samples: samples, analysis: analysis, from: dataStart, to: dataEnd)
                } else {
                    quarters = RollupMath.gaugeQuarters(samples: samples, maxGapMs: info.rules.maxGapMs, from: dataStart, to: dataEnd)
                }
            }
        }
        try space.replaceRollups(.quarterHour, from: start, to: end, with: quarters)
        try rebuildParents(in: space, from: start, to: end)
    }

    /// Readings a counter's recompute reads first on each side of a change (four glitch windows,
    /// enough to find two resynchronisation points in a clean stretch): a store that prefetches this
    /// many answers the usual recompute from memory.
    public static func contextReadings(_ rules: CounterRules) -> Int { 4 * (max(1, rules.glitchWindow) + 1) }

    /// A counter's recompute, from the resynchronisation point before the change to the one after.
    ///
    /// Below the change: the latest point whose quiet readings after it all lie before `from`
    /// (nothing before it changed), then the latest point at or before the start of its quarter
    /// (so that the first rewritten quarter gets every delta that falls in it): the analysis starts
    /// there. Above the change, the same mirrored. Without such a point, the series' end.
    func counterChanged(in space: some RollupWorkspace, from: Int64, to: Int64, appended: [Sample]?) throws {
        let w = max(1, info.rules.glitchWindow)
        let q = LocalCalendar.quarterMs
        let events = try space.replacements().sorted { $0.ms < $1.ms }
        let lower = try lowerEdge(in: space, before: from, window: w, events: events)
        var samples = lower.samples
        let changedFrom = samples.count
        var upperStart: Int
        if let appended {
            samples += appended
            upperStart = samples.count
        } else {
            samples += try space.samples(from: from, to: to &+ 1)
            upperStart = samples.count
            samples += try upperContext(in: space, after: to, window: w, events: events, known: samples)
        }
        guard !samples.isEmpty else {
            try clear(in: space, from: floorDiv(from, q) * q, to: floorDiv(to, q) * q + q)
            return
        }
        // The first point whose quiet readings before it all lie after `to`, then the first at or
        // after the end of its quarter.
        var last = samples.count - 1
        var rewriteEnd = floorDiv(samples[last].ms, q) * q + q
        let upperPoints = CounterAnalyzer.resyncPoints(samples, rules: info.rules, replacements: events, in: upperStart..<samples.count)
        if let hi = upperPoints.first(where: { $0 - w >= upperStart }) {
            let quarterEnd = floorDiv(samples[hi].ms, q) * q + q
            if let next = upperPoints.first(where: { $0 >= hi && samples[$0].ms >= quarterEnd }) {
                last = next
                rewriteEnd = quarterEnd
            }
        }
        let first = lower.analysisStart ?? changedFrom
        var rewriteStart = lower.rewriteStart ?? floorDiv(samples[min(first, samples.count - 1)].ms, q) * q
        rewriteStart = min(rewriteStart, floorDiv(from, q) * q)
        rewriteEnd = max(rewriteEnd, floorDiv(to, q) * q + q)
        if let p = info.prunedBefore { rewriteStart = max(rewriteStart, p) }
        guard rewriteStart < rewriteEnd else { return }
        // Points inside the piece are judged on the readings around them too (all of `samples`), as
        // the whole series' analysis judges them.
        let analysis = CounterAnalyzer.analyze(samples, rules: info.rules, replacements: events, from: min(first, last), through: last)
        try replaceQuarters(
            in: space, from: rewriteStart, to: rewriteEnd, samples: Array(samples[min(first, last)...last]), analysis: analysis)
    }

    func clear(in space: some RollupWorkspace, from: Int64, to: Int64) throws {
        var start = from
        if let p = info.prunedBefore { start = max(start, p) }
        guard start < to else { return }
        try space.replaceRollups(.quarterHour, from: start, to: to, with: [])
        try rebuildParents(in: space, from: start, to: to)
    }

    /// The readings before `ms` back to where a counter's analysis must start: the resynchronisation
    /// point at or before the quarter of the last point whose quiet readings precede `ms`, else the
    /// series' first reading. `analysisStart` indexes `samples`; nil values: no reading before `ms`.
    func lowerEdge(in space: some RollupWorkspace, before ms: Int64, window w: Int, events: [CounterReplacement]) throws -> (
        samples: [Sample], analysisStart: Int?, rewriteStart: Int64?
    ) {
        let q = LocalCalendar.quarterMs
        var limit = Self.contextReadings(info.rules)
        while true {
            let samples = try space.samples(before: ms, limit: limit)
            let reachedStart = samples.count < limit
            // Points whose window lies wholly in what was read (all before `ms`).
            let points = CounterAnalyzer.resyncPoints(samples, rules: info.rules, replacements: events, in: 0..<samples.count)
            if let lo = points.last {
                let quarterStart = floorDiv(samples[lo].ms, q) * q
                if let prev = points.last(where: { samples[$0].ms <= quarterStart }) {
                    return (samples, prev, quarterStart)
                }
                if reachedStart { return (samples, 0, quarterStart) }
            } else if reachedStart {
                guard let first = samples.first else { return ([], nil, nil) }
                return (samples, 0, floorDiv(first.ms, q) * q)
            }
            limit *= 4
        }
    }

    /// The readings after `ms` on to a resynchronisation point at or after the end of the quarter of
    /// the first point whose quiet readings follow `ms`, with that point's own quiet readings after
    /// it; else to the series' end.
    func upperContext(in space: some RollupWorkspace, after ms: Int64, window w: Int, events: [CounterReplacement], known: [Sample])
        throws -> [Sample]
    {
        let q = LocalCalendar.quarterMs
        var limit = Self.contextReadings(info.rules)
        while true {
            let after = try space.samples(after: ms, limit: limit)
            if after.count < limit { return after }
            let all = known + after
            let start = known.count
            let points = CounterAnalyzer.resyncPoints(all, rules: info.rules, replacements: events, in: start..<all.count)
            if let hi = points.first(where: { $0 - w >= start }) {
                let quarterEnd = floorDiv(all[hi].ms, q) * q + q
                if points.contains(where: { $0 >= hi && all[$0].ms >= quarterEnd }) { return after }
            }
            limit *= 4
        }
    }

    /// Rebuilds hour, day and month buckets overlapping `[from, to)` from the level below. Works
    /// from the children that exist, so its cost follows the data, not the length of the range.
    public func rebuildParents(in space: some RollupWorkspace, from: Int64, to: Int64) throws {
        var lo = from
        var hi = to
        for (child, parent) in [(Resolution.quarterHour, Resolution.hour), (.hour, .day), (.day, .month)] {
            lo = calendar.bucket(containing: lo, resolution: parent).start
            hi = calendar.bucket(containing: hi - 1, resolution: parent).end
            let children = try space.rollups(child, from: lo, to: hi)
            let parents = RollupMath.parents(of: children, resolution: parent, calendar: calendar)
            try space.replaceRollups(parent, from: lo, to: hi, with: parents)
        }
    }

    /// Respreads the interval totals (bills) overlapping `[from, to)` over every resolution's buckets.
    public func intervalsChanged(in space: some RollupWorkspace, from: Int64, to: Int64) throws {
        for res in Resolution.allCases {
            let lo = calendar.bucket(containing: from, resolution: res).start
            let hi = calendar.bucket(containing: to - 1, resolution: res).end
            let totals = try space.intervalTotals(overlapping: lo, to: hi)
            let buckets = RollupMath.intervalBuckets(totals, calendar: calendar, resolution: res, from: lo, to: hi)
            try space.replaceRollups(res, from: lo, to: hi, with: buckets)
        }
    }
}
