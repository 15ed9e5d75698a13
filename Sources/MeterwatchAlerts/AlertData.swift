import MeterwatchCore
import MeterwatchStore

/// The stored data alert rules read: raw samples, 15-minute and day rollups of the series the
/// rules watch. `preload` reads a whole window at once (one query per series), so evaluating
/// every minute of a replayed year does not query per step; reads outside the preloaded window
/// go to the store. A central on PostgreSQL reads the series its own store lacks (the buildings'
/// forwarded ones) from the database; its own meters, fresher in its store, from there.
public final class AlertData {
    /// Each series with the store that holds it.
    private var seriesByKey: [SeriesKey: SeriesInfo] = [:]
    private var storeByKey: [SeriesKey: any ReadingStore] = [:]
    private var samples: [SeriesKey: (from: Int64, to: Int64, values: [Sample])] = [:]
    private var quarters: [SeriesKey: (from: Int64, to: Int64, values: [RollupBucket])] = [:]
    private var days: [SeriesKey: (from: Int64, to: Int64, values: [RollupBucket])] = [:]

    public init(store: any ReadingStore, central: (any ReadingStore)? = nil) throws {
        for source in [central, store].compactMap({ $0 }) {
            for s in try source.allSeries() {
                seriesByKey[s.key] = s
                storeByKey[s.key] = source
            }
        }
    }

    public func exists(_ key: SeriesKey) -> Bool { seriesByKey[key] != nil }
    public func quantities(of meter: String) -> [Quantity] {
        seriesByKey.keys.filter { $0.meter == meter }.map(\.quantity).sorted { $0.name < $1.name }
    }

    /// Reads what `needs` ask for around `[from, to]` into memory.
    public func preload(_ needs: [SeriesNeed], from: Int64, to: Int64) throws {
        samples = [:]
        quarters = [:]
        days = [:]
        var merged: [SeriesKey: SeriesNeed] = [:]
        for n in needs {
            var m = merged[n.key] ?? SeriesNeed(key: n.key)
            m.samplesMs = max(m.samplesMs, n.samplesMs)
            m.quartersMs = max(m.quartersMs, n.quartersMs)
            m.daysMs = max(m.daysMs, n.daysMs)
            merged[n.key] = m
        }
        for n in merged.values {
            guard let s = seriesByKey[n.key], let store = storeByKey[n.key] else { continue }
            if n.samplesMs > 0 {
                let a = from - n.samplesMs
                samples[n.key] = (a, to, try store.samples(series: s.id, from: a, to: to + 1))
            }
            if n.quartersMs > 0 {
                let a = from - n.quartersMs
                quarters[n.key] = (a, to, try store.rollups(series: s.id, resolution: .quarterHour, from: a, to: to + 1))
            }
            if n.daysMs > 0 {
                let a = from - n.daysMs
                days[n.key] = (a, to, try store.rollups(series: s.id, resolution: .day, from: a, to: to + 1))
            }
        }
    }

    /// Raw samples with `from ≤ ms ≤ to`.
    public func samples(_ key: SeriesKey, from: Int64, to: Int64) -> ArraySlice<Sample> {
        if let c = samples[key], c.from <= from, to <= c.to {
            return c.values[lowerBound(c.values, from)..<lowerBound(c.values, to + 1)]
        }
        guard let s = seriesByKey[key], let list = try? storeByKey[key]?.samples(series: s.id, from: from, to: to + 1) else {
            return []
        }
        return list[...]
    }

    /// The latest sample at or before `ms`.
    public func latest(_ key: SeriesKey, atOrBefore ms: Int64) -> Sample? {
        if let c = samples[key], c.from <= ms, ms <= c.to {
            let i = lowerBound(c.values, ms + 1)
            if i > 0 { return c.values[i - 1] }
        }
        guard let s = seriesByKey[key] else { return nil }
        return try? storeByKey[key]?.latestSample(series: s.id, atOrBefore: ms)
    }

    /// Stored 15-minute buckets starting in `[from, to)`.
    public func quarterBuckets(_ key: SeriesKey, from: Int64, to: Int64) -> ArraySlice<RollupBucket> {
        buckets(quarters[key], key, .quarterHour, from, to)
    }

    /// Stored day buckets starting in `[from, to)`.
    public func dayBuckets(_ key: SeriesKey, from: Int64, to: Int64) -> ArraySlice<RollupBucket> {
        buckets(days[key], key, .day, from, to)
    }

    private func buckets(
        _ cache: (from: Int64, to: Int64, values: [RollupBucket])?, _ key: SeriesKey, _ resolution: Resolution,
        _ from: Int64, _ to: Int64
    ) -> ArraySlice<RollupBucket> {
        if let c = cache, c.from <= from, to <= c.to + 1 {
            let lo = bucketBound(c.values, from)
            let hi = bucketBound(c.values, to)
            return c.values[lo..<max(lo, hi)]
        }
        guard let s = seriesByKey[key], let list = try? storeByKey[key]?.rollups(series: s.id, resolution: resolution, from: from, to: to)
        else {
            return []
        }
        return list[...]
    }

    private func lowerBound(_ a: [Sample], _ ms: Int64) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid].ms < ms { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private func bucketBound(_ a: [RollupBucket], _ ms: Int64) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid].start < ms { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
