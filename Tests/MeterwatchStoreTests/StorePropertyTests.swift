import Foundation
import GRDB
import MeterwatchCore
import MeterwatchTestSupport
import Testing

@testable import MeterwatchStore

/// Properties that must hold for any data, checked on many generated cases.
@Suite struct StorePropertyTests {
    let power = SeriesKey(meter: "m", quantity: .energyImport)
    let flow = SeriesKey(meter: "m", quantity: .flowRate)

    /// A counter over a few days: irregular steps, gaps longer than max_gap, transient zeros and
    /// spikes, a reset; and a gauge beside it.
    func generate(_ rng: inout SeededRandom, start: Int64) -> (counter: [Sample], gauge: [Sample]) {
        var counter: [Sample] = []
        var gauge: [Sample] = []
        var t = start
        var value = Double(Int.random(in: 1_000...50_000, using: &rng))
        for _ in 0..<Int.random(in: 300...900, using: &rng) {
            t += Int64.random(in: 1...20, using: &rng) * msPerMinute
            if Int.random(in: 0..<40, using: &rng) == 0 { t += Int64.random(in: 2...30, using: &rng) * msPerHour }
            value += Double(Int.random(in: 0...500, using: &rng)) / 10
            var reading = value
            switch Int.random(in: 0..<100, using: &rng) {
            case 0: reading = 0  // a transient zero
            case 1: reading = value * 100  // a spike
            case 2:
                value = 5
                reading = value  // a reset
            default: break
            }
            counter.append(Sample(ms: t, value: reading))
            gauge.append(Sample(ms: t, value: Double(Int.random(in: -100...4_000, using: &rng)) / 4))
        }
        return (counter, gauge)
    }

    func allRollups(_ store: MeterStore, _ series: [Int64]) throws -> [[RollupBucket]] {
        try series.flatMap { id in
            try Resolution.allCases.map { try store.rollups(series: id, resolution: $0, from: Int64.min, to: Int64.max) }
        }
    }

    @Test(arguments: 1...12)
    func rollupsAfterAnyInsertionOrderEqualRollupsFromSortedInput(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed))
        let start = try TempStore().at("2025-03-01")
        let (counter, gauge) = generate(&rng, start: start)
        let sorted = try TempStore()
        let scrambled = try TempStore()
        let ids = try [sorted, scrambled].map { t in
            (try t.store.ensureSeries(power, kind: .counter, unit: "kWh").id, try t.store.ensureSeries(flow, kind: .gauge, unit: "m3/h").id)
        }
        try sorted.store.append([ids[0].0: counter, ids[0].1: gauge])
        // The same readings in random batches, in random order, each batch shuffled.
        var pairs = Array(zip(counter, gauge))
        pairs.shuffle(using: &rng)
        while !pairs.isEmpty {
            let n = min(pairs.count, Int.random(in: 1...120, using: &rng))
            let batch = pairs.prefix(n)
            pairs.removeFirst(n)
            try scrambled.store.append([ids[1].0: batch.map(\.0), ids[1].1: batch.map(\.1)])
        }
        let a = try allRollups(sorted.store, [ids[0].0, ids[0].1])
        let b = try allRollups(scrambled.store, [ids[1].0, ids[1].1])
        #expect(a == b, "seed \(seed)")
    }

    @Test(arguments: 1...40)
    func aNoisyCounterGetsTheRebuildsRollupsAfterAnyInsertionOrder(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(5000 + seed))
        let rules = NoisyCounter.rules(&rng)
        let start = try TempStore().at("2025-03-01")
        let counter = NoisyCounter.readings(&rng, start: start, count: Int.random(in: 400...1_500, using: &rng))
        let sorted = try TempStore()
        let scrambled = try TempStore()
        let a = try sorted.store.ensureSeries(power, kind: .counter, unit: "kWh", rules: rules).id
        let b = try scrambled.store.ensureSeries(power, kind: .counter, unit: "kWh", rules: rules).id
        try sorted.store.append([a: counter])
        var rest = counter
        rest.shuffle(using: &rng)
        while !rest.isEmpty {
            let n = min(rest.count, Int.random(in: 1...60, using: &rng))
            try scrambled.store.append([b: Array(rest.prefix(n))])
            rest.removeFirst(n)
        }
        let expected = try allRollups(sorted.store, [a])
        #expect(try allRollups(scrambled.store, [b]) == expected, "seed \(seed)")
        // A whole rebuild from the readings gives the same again, as db check's recompute does.
        try scrambled.store.rebuildRollups()
        #expect(try allRollups(scrambled.store, [b]) == expected, "seed \(seed)")
        let whole = WholeSeriesRollups.compute(
            try #require(try scrambled.store.series(id: b)), samples: counter, intervals: [], replacements: [], calendar: scrambled.calendar
        )
        #expect(whole.map(\.buckets) == expected, "seed \(seed)")
    }

    @Test(arguments: 1...8)
    func deletingReadingsLeavesTheRollupsOfTheRest(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(1000 + seed))
        let start = try TempStore().at("2025-03-01")
        let (counter, gauge) = generate(&rng, start: start)
        let lo = counter[Int.random(in: 0..<counter.count / 2, using: &rng)].ms
        let hi = counter[Int.random(in: counter.count / 2..<counter.count, using: &rng)].ms + Int64.random(in: 0...1, using: &rng)
        let kept = { (s: Sample) in s.ms < lo || s.ms >= hi }
        let full = try TempStore()
        let rest = try TempStore()
        let f = (
            try full.store.ensureSeries(power, kind: .counter, unit: "kWh").id,
            try full.store.ensureSeries(flow, kind: .gauge, unit: "m3/h").id
        )
        let r = (
            try rest.store.ensureSeries(power, kind: .counter, unit: "kWh").id,
            try rest.store.ensureSeries(flow, kind: .gauge, unit: "m3/h").id
        )
        try full.store.append([f.0: counter, f.1: gauge])
        try rest.store.append([r.0: counter.filter(kept), r.1: gauge.filter(kept)])
        let dry = try full.store.deleteReadings(series: f.0, from: lo, to: hi, dryRun: true)
        #expect(dry.samples == counter.count - counter.filter(kept).count && dry.dryRun)
        #expect(try full.store.samples(series: f.0, from: .min, to: .max).count == counter.count)
        #expect(try full.store.deleteReadings(series: f.0, from: lo, to: hi).samples == dry.samples)
        try full.store.deleteReadings(series: f.1, from: lo, to: hi)
        #expect(try allRollups(full.store, [f.0, f.1]) == (try allRollups(rest.store, [r.0, r.1])), "seed \(seed)")
    }

    /// A reading dated 2502 (a typo stored by an earlier version) is deleted in a blink: the work
    /// follows the data, not the 477 years between.
    @Test func aReadingCenturiesAwayIsDeletedWithoutWalkingTheCenturies() throws {
        let t = try TempStore()
        let reference = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let r = try reference.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let readings = t.minuteCounter(from: t.at("2025-01-01"), minutes: 3 * 1440)
        try t.store.append([s.id: readings])
        try reference.store.append([r.id: readings])
        let typo = t.at("2502-01-01T00:00:00+08:00")
        // As an earlier version stored it: straight into the chunks, past today's checks.
        try t.store.pool.write { db in _ = try SampleChunks.merge(db, series: s.id, [Sample(ms: typo, value: 999_999)]) }
        // The store itself refuses such a time on every write path.
        #expect(throws: StoreError.self) { try t.store.append([s.id: [Sample(ms: typo + 1, value: 1)]]) }
        let runs = try t.store.implausibleReadings(limits: PlausibilityLimits(calendar: t.calendar), nowMs: t.at("2026-11-26"))
        #expect(runs.count == 1 && runs[0].firstMs == typo && runs[0].count == 1)
        #expect(try t.store.deleteReadings(series: s.id, from: typo, to: typo + 1).samples == 1)
        #expect(try allRollups(t.store, [s.id]) == (try allRollups(reference.store, [r.id])))
        #expect(try t.store.implausibleReadings(limits: PlausibilityLimits(calendar: t.calendar), nowMs: t.at("2026-11-26")).isEmpty)
    }
}
