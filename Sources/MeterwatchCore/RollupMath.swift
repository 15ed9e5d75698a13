/// Pure rollup computations; the store persists what these return.
public enum RollupMath {
    final class Accumulator {
        var value = CompensatedSum(), estimated = CompensatedSum()
        var min: Double?, max: Double?
        var count = 0
        var observed: Int64 = 0
        func bucket(_ s: Int64, _ e: Int64) -> RollupBucket {
            RollupBucket(
                start: s, end: e, value: value.value, estimated: estimated.value, min: min, max: max, count: count,
                observedMs: Swift.min(observed, e - s))
        }
    }

    /// Quarter-hour buckets of a counter within `[from, to)` (aligned to 15 minutes).
    /// Each interval's delta goes to the buckets it overlaps, pro rata by time; an interval inside
    /// one bucket gives its delta unmultiplied so that totals stay exact.
    public static func counterQuarters(samples: [Sample], analysis: CounterAnalysis, from: Int64, to: Int64) -> [RollupBucket] {
        let q = LocalCalendar.quarterMs
        let first = floorDiv(from, q) * q
        var slots = [Slot](repeating: Slot(), count: Int(Swift.max(0, (to - first + q - 1) / q)))
        for s in samples where s.ms >= from && s.ms < to { slots[Int((s.ms - first) / q)].count += 1 }
        for iv in analysis.intervals where iv.endMs > from && iv.startMs < to && iv.isCounted {
            let length = iv.endMs - iv.startMs
            guard length > 0 else { continue }
            var b = Swift.max(floorDiv(iv.startMs, q) * q, first)
            let single = floorDiv(iv.startMs, q) == floorDiv(iv.endMs - 1, q)
            while b < Swift.min(iv.endMs, to) {
                let overlap = Swift.min(iv.endMs, b + q) - Swift.max(iv.startMs, b)
                let part = single ? iv.delta : iv.delta * Double(overlap) / Double(length)
                let i = Int((b - first) / q)
                slots[i].value.add(part)
                if iv.spansGap { slots[i].estimated.add(part) } else { slots[i].observed += overlap }
                b += q
            }
        }
        return buckets(slots, first: first, q: q)
    }

    struct Slot {
        var value = CompensatedSum(), estimated = CompensatedSum()
        var min: Double?, max: Double?
        var count = 0
        var observed: Int64 = 0
    }

    static func buckets(_ slots: [Slot], first: Int64, q: Int64) -> [RollupBucket] {
        var out: [RollupBucket] = []
        for (i, a) in slots.enumerated() {
            let s = first + Int64(i) * q
            let b = RollupBucket(
                start: s, end: s + q, value: a.value.value, estimated: a.estimated.value, min: a.min, max: a.max, count: a.count,
                observedMs: Swift.min(a.observed, q))
            if !b.isEmpty { out.append(b) }
        }
        return out
    }

    /// Quarter-hour buckets of a gauge (or state) within `[from, to)`.
    public static func gaugeQuarters(samples: [Sample], maxGapMs: Int64, from: Int64, to: Int64) -> [RollupBucket] {
        let q = LocalCalendar.quarterMs
        let first = floorDiv(from, q) * q
        var slots = [Slot](repeating: Slot(), count: Int(Swift.max(0, (to - first + q - 1) / q)))
        for (k, s) in samples.enumerated() {
            if s.ms >= from && s.ms < to {
                let i = Int((s.ms - first) / q)
                slots[i].count += 1
                slots[i].value.add(s.value)
                slots[i].min = Swift.min(slots[i].min ?? s.value, s.value)
                slots[i].max = Swift.max(slots[i].max ?? s.value, s.value)
            }
            if k + 1 < samples.count {
                let next = samples[k + 1].ms
                guard next - s.ms <= maxGapMs else { continue }
                var b = Swift.max(floorDiv(s.ms, q) * q, first)
                while b < Swift.min(next, to) {
                    slots[Int((b - first) / q)].observed += Swift.min(next, b + q) - Swift.max(s.ms, b)
                    b += q
                }
            }
        }
        return buckets(slots, first: first, q: q)
    }

    /// A parent bucket from its children (quarter hours → hour → day → month).
    public static func combine(_ children: [RollupBucket], start: Int64, end: Int64) -> RollupBucket {
        let a = Accumulator()
        for c in children {
            a.value.add(c.value)
            a.estimated.add(c.estimated)
            a.count += c.count
            a.observed += c.observedMs
            if let m = c.min { a.min = Swift.min(a.min ?? m, m) }
            if let m = c.max { a.max = Swift.max(a.max ?? m, m) }
        }
        return a.bucket(start, end)
    }

    /// Parent buckets of `parent` resolution from children sorted by start: each parent combines
    /// the children that start inside it.
    public static func parents(of children: [RollupBucket], resolution parent: Resolution, calendar: LocalCalendar) -> [RollupBucket] {
        var parents: [RollupBucket] = []
        var i = 0
        while i < children.count {
            let b = calendar.bucket(containing: children[i].start, resolution: parent)
            var group: [RollupBucket] = []
            while i < children.count, children[i].start < b.end {
                group.append(children[i])
                i += 1
            }
            parents.append(combine(group, start: b.start, end: b.end))
        }
        return parents
    }

    /// Buckets of one resolution for interval totals (bills, refuels), computed directly from the
    /// intervals so that a bill that fills a month lands in it exactly.
    public static func intervalBuckets(_ totals: [IntervalTotal], calendar: LocalCalendar, resolution: Resolution, from: Int64, to: Int64)
        -> [RollupBucket]
    {
        var acc: [Int64: (Int64, Accumulator)] = [:]
        for t in totals where t.endMs > from && t.startMs < to && t.endMs > t.startMs {
            let length = t.endMs - t.startMs
            for b in calendar.buckets(from: Swift.max(t.startMs, from), to: Swift.min(t.endMs, to), resolution: resolution) {
                let overlap = Swift.min(t.endMs, b.end) - Swift.max(t.startMs, b.start)
                guard overlap > 0 else { continue }
                let a = acc[b.start]?.1 ?? Accumulator()
                acc[b.start] = (b.end, a)
                a.value.add(overlap == length ? t.value : t.value * Double(overlap) / Double(length))
                a.observed += overlap
                a.count += 1
            }
        }
        return acc.keys.sorted().map { acc[$0]!.1.bucket($0, acc[$0]!.0) }
    }
}
