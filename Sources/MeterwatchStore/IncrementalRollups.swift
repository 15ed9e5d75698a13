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
    /// A counter reading's classification (glitch, reset…) depends on up to `glitchWindow` readings
    /// on either side, so the recomputed quarter hours reach that far; the readings just beyond are
    /// loaded as context. Hours, days and months above them are then rebuilt from their children.
    /// `appended`: the write's readings when all of them are newer than anything stored (live order),
    /// so only the context before them is read back.
    public func samplesChanged(in space: some RollupWorkspace, from: Int64, to: Int64, appended: [Sample]? = nil) throws {
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

        // Quarters are computed only where samples are; the rest of [start, end) is cleared. A range
        // reaching far past the data (a deleted reading dated 2502) then costs nothing.
        var quarters: [RollupBucket] = []
        if let first = samples.first, let last = samples.last {
            let dataStart = max(start, floorDiv(first.ms, q) * q)
            let dataEnd = min(end, floorDiv(last.ms, q) * q + q)
            if dataStart < dataEnd {
                if info.kind == .counter {
                    let analysis = CounterAnalyzer.analyze(samples, rules: info.rules, replacements: try space.replacements())
                    quarters = RollupMath.counterQuarters(samples: samples, analysis: analysis, from: dataStart, to: dataEnd)
                } else {
                    quarters = RollupMath.gaugeQuarters(samples: samples, maxGapMs: info.rules.maxGapMs, from: dataStart, to: dataEnd)
                }
            }
        }
        try space.replaceRollups(.quarterHour, from: start, to: end, with: quarters)
        try rebuildParents(in: space, from: start, to: end)
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
