import MeterwatchCore

/// Every rollup level of one series computed from all its readings (or bills) at once, with the
/// same `RollupMath` and bucket ranges the store's rebuild uses. The PostgreSQL central keeps its
/// rollups this way, and `db check` compares the stored ones with it.
public enum WholeSeriesRollups {
    public static func compute(
        _ info: SeriesInfo, samples: [Sample], intervals: [IntervalTotal], replacements: [CounterReplacement], calendar: LocalCalendar
    ) -> [(resolution: Resolution, buckets: [RollupBucket])] {
        if info.kind == .intervalTotal {
            guard let lo = intervals.map(\.startMs).min(), let hi = intervals.map(\.endMs).max() else { return [] }
            return Resolution.allCases.map { res in
                let from = calendar.bucket(containing: lo, resolution: res).start
                let to = calendar.bucket(containing: hi - 1, resolution: res).end
                return (res, RollupMath.intervalBuckets(intervals, calendar: calendar, resolution: res, from: from, to: to))
            }
        }
        guard let first = samples.first, let last = samples.last else { return [] }
        let q = LocalCalendar.quarterMs
        let start = floorDiv(first.ms, q) * q
        let end = floorDiv(last.ms, q) * q + q
        let quarters: [RollupBucket]
        if info.kind == .counter {
            let analysis = CounterAnalyzer.analyze(samples, rules: info.rules, replacements: replacements)
            quarters = RollupMath.counterQuarters(samples: samples, analysis: analysis, from: start, to: end)
        } else {
            quarters = RollupMath.gaugeQuarters(samples: samples, maxGapMs: info.rules.maxGapMs, from: start, to: end)
        }
        var levels: [(Resolution, [RollupBucket])] = [(.quarterHour, quarters)]
        var children = quarters
        for parent in [Resolution.hour, .day, .month] {
            children = RollupMath.parents(of: children, resolution: parent, calendar: calendar)
            levels.append((parent, children))
        }
        return levels
    }
}
