import MeterwatchCore

/// One series' readings and rollups held in memory around a write, so that `IncrementalRollups`
/// runs without a round trip per read, and its rewrites are sent together afterwards (`pending`).
/// A remote store (PostgreSQL) fills it for every series of a batch in a few statements.
///
/// Exact by construction: a read the memory cannot answer whole goes to `base`, and the rollups
/// rewritten in memory are laid over what `base` returns. Only the number of statements changes.
public final class BufferedRollupWorkspace: RollupWorkspace {
    let base: any RollupWorkspace
    /// Every reading with a time in `[knownFrom, knownTo)`, oldest first (`Int64.min`/`.max`: the
    /// series has none beyond the readings held).
    var readings: [Sample]
    let knownFrom: Int64
    let knownTo: Int64
    var replacementsHeld: [CounterReplacement]?
    /// Rollups by resolution and start, complete within `covered`.
    var rows: [Resolution: [Int64: RollupBucket]] = [:]
    var covered: [Resolution: [Range<Int64>]] = [:]
    /// Ranges rewritten, merged, per resolution: what must be written back.
    var rewritten: [Resolution: [Range<Int64>]] = [:]
    /// Reads that went to `base` (tests check that buffering holds them down).
    public private(set) var fallbacks = 0

    public init(base: any RollupWorkspace, readings: [Sample], knownFrom: Int64, knownTo: Int64, replacements: [CounterReplacement]?) {
        self.base = base
        self.readings = readings
        self.knownFrom = knownFrom
        self.knownTo = knownTo
        self.replacementsHeld = replacements
    }

    /// Adds rollups read from the store, complete for `range` of `resolution`.
    public func hold(_ buckets: [RollupBucket], resolution: Resolution, range: Range<Int64>) {
        for b in buckets where range.contains(b.start) && !Self.contains(rewritten[resolution] ?? [], b.start) {
            rows[resolution, default: [:]][b.start] = b
        }
        covered[resolution] = Self.merged((covered[resolution] ?? []) + [range])
    }

    /// The rewritten rollups: per resolution, the ranges replaced and every bucket now in them.
    public var pending: [(resolution: Resolution, ranges: [Range<Int64>], buckets: [RollupBucket])] {
        Resolution.allCases.compactMap { res in
            guard let ranges = rewritten[res], !ranges.isEmpty else { return nil }
            let buckets = (rows[res] ?? [:]).values.filter { Self.contains(ranges, $0.start) }.sorted { $0.start < $1.start }
            return (res, ranges, buckets)
        }
    }

    // MARK: RollupWorkspace

    public func samples(before ms: Int64, limit: Int) throws -> [Sample] {
        if knownTo == .max || ms <= knownTo {
            let end = firstIndex(atOrAfter: ms)
            let from = max(0, end - limit)
            if end - from == limit || knownFrom == .min { return Array(readings[from..<end]) }
        }
        fallbacks += 1
        return try base.samples(before: ms, limit: limit)
    }

    public func samples(after ms: Int64, limit: Int) throws -> [Sample] {
        if knownFrom == .min || ms >= knownFrom - 1 {
            let start = firstIndex(atOrAfter: ms &+ 1)
            let to = min(readings.count, start + limit)
            if to - start == limit || knownTo == .max { return Array(readings[start..<to]) }
        }
        fallbacks += 1
        return try base.samples(after: ms, limit: limit)
    }

    public func samples(from: Int64, to: Int64) throws -> [Sample] {
        if from >= knownFrom && to <= knownTo {
            return Array(readings[firstIndex(atOrAfter: from)..<firstIndex(atOrAfter: to)])
        }
        fallbacks += 1
        return try base.samples(from: from, to: to)
    }

    public func replacements() throws -> [CounterReplacement] {
        if let replacementsHeld { return replacementsHeld }
        fallbacks += 1
        let found = try base.replacements()
        replacementsHeld = found
        return found
    }

    public func intervalTotals(overlapping from: Int64, to: Int64) throws -> [IntervalTotal] {
        fallbacks += 1
        return try base.intervalTotals(overlapping: from, to: to)
    }

    public func rollups(_ resolution: Resolution, from: Int64, to: Int64) throws -> [RollupBucket] {
        guard from < to else { return [] }
        if !Self.covers(covered[resolution] ?? [], from..<to) {
            fallbacks += 1
            hold(try base.rollups(resolution, from: from, to: to), resolution: resolution, range: from..<to)
        }
        return (rows[resolution] ?? [:]).values.filter { $0.start >= from && $0.start < to }.sorted { $0.start < $1.start }
    }

    public func replaceRollups(_ resolution: Resolution, from: Int64, to: Int64, with buckets: [RollupBucket]) throws {
        guard from < to else { return }
        var level = rows[resolution] ?? [:]
        level = level.filter { !($0.key >= from && $0.key < to) }
        for b in buckets { level[b.start] = b }
        rows[resolution] = level
        covered[resolution] = Self.merged((covered[resolution] ?? []) + [from..<to])
        rewritten[resolution] = Self.merged((rewritten[resolution] ?? []) + [from..<to])
    }

    // MARK: Helpers

    /// The index of the first reading at or after `ms`.
    func firstIndex(atOrAfter ms: Int64) -> Int {
        var lo = 0
        var hi = readings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if readings[mid].ms < ms { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func merged(_ ranges: [Range<Int64>]) -> [Range<Int64>] {
        var out: [Range<Int64>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    static func covers(_ ranges: [Range<Int64>], _ r: Range<Int64>) -> Bool {
        ranges.contains { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound }
    }

    static func contains(_ ranges: [Range<Int64>], _ x: Int64) -> Bool {
        ranges.contains { $0.contains(x) }
    }
}
