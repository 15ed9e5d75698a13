import Foundation
import GRDB
import MeterwatchCore
import MeterwatchTestSupport
import Testing

@testable import MeterwatchStore

/// A series' newest readings wait as rows in `sample_head` until `headLimit` of them are sealed
/// into chunks together; every reader sees chunks and head as one series.
@Suite struct SampleHeadTests {
    /// (chunk rows, head rows) of a series.
    func layout(_ t: TempStore, _ series: Int64) throws -> (chunks: Int, head: Int) {
        try t.store.pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunk WHERE series = ?", arguments: [series]) ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sample_head WHERE series = ?", arguments: [series]) ?? -1
            )
        }
    }

    @Test func liveWritesWaitInTheHeadUntilItIsFullThenAreSealed() throws {
        let t = try TempStore(headLimit: 100)
        let power = try t.store.ensureSeries(SeriesKey(meter: "m", quantity: .energyImport), kind: .counter, unit: "kWh")
        let start = t.at("2026-01-05T00:00:00+08:00")
        let all = t.minuteCounter(from: start, minutes: 3_000, perMinute: 0.25)
        // As a collector writes: a few readings per flush.
        for batch in stride(from: 0, to: 95, by: 5) {
            try t.store.append([power.id: Array(all[batch..<batch + 5])])
        }
        #expect(try layout(t, power.id) == (0, 95))
        #expect(try t.store.samples(series: power.id, from: .min, to: .max) == Array(all[0..<95]))
        #expect(try t.store.latestSample(series: power.id) == all[94])
        // The write that fills the head seals it, with itself.
        try t.store.append([power.id: Array(all[95..<100])])
        #expect(try layout(t, power.id) == (1, 0))
        for batch in stride(from: 100, to: 3_000, by: 5) {
            try t.store.append([power.id: Array(all[batch..<batch + 5])])
        }
        let (chunks, head) = try layout(t, power.id)
        #expect(chunks >= 1 && head == 0, "3,000 readings are 30 seals of 100")
        try t.store.append([power.id: [Sample(ms: start + 3_000 * msPerMinute, value: all[2_999].value + 0.25)]])
        #expect(try layout(t, power.id).head == 1)
        #expect(try t.store.samples(series: power.id, from: .min, to: .max).count == 3_001)

        // A late reading inside a chunk merges there; a changed one in the head is replaced there.
        let late = Sample(ms: start + 30 * msPerMinute + 30_000, value: all[30].value + 0.1)
        let report = try t.store.append([power.id: [late, Sample(ms: start + 3_000 * msPerMinute, value: all[2_999].value + 0.5)]])
        #expect(report.inserted == 1 && report.updated == 1)
        #expect(try t.store.samples(series: power.id, from: start + 30 * msPerMinute, to: start + 31 * msPerMinute + 1).count == 3)
        #expect(try t.store.latestSample(series: power.id)?.value == all[2_999].value + 0.5)
        #expect(try layout(t, power.id).head == 1)
        // The same readings again change nothing.
        #expect(try t.store.append([power.id: Array(all[0..<3_000])]).unchanged == 3_000)
        // Rollups are those of the readings, wherever they are kept.
        let day = try #require(try t.day(power.id, "2026-01-06"))
        #expect(abs(day.value - 1_440 * 0.25) < 1e-9)
    }

    @Test func aLargeBatchIsWrittenAsChunksNotRows() throws {
        let t = try TempStore()
        let spec = SeriesSpec(key: SeriesKey(meter: "m", quantity: .energyImport), kind: .counter, unit: "kWh")
        let readings = t.minuteCounter(from: t.at("2026-01-05T00:00:00+08:00"), minutes: 2_000)
        try t.store.ingestSession { session in
            for batch in stride(from: 0, to: 2_000, by: 500) {
                try session.write(samples: [spec: Array(readings[batch..<batch + 500])])
            }
        }
        let id = try #require(try t.store.series(spec.key)).id
        #expect(try layout(t, id).head == 0)
        #expect(try t.store.samples(series: id, from: .min, to: .max) == readings)
    }

    /// The same writes into a store with a small head and one that seals every write: every reader
    /// must answer the same, whatever the readings' place.
    @Test(arguments: 1...6)
    func everyReaderSeesTheSameWithAndWithoutAHead(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(7_000 + seed))
        let headed = try TempStore(headLimit: Int.random(in: 2...40, using: &rng))
        let sealed = try TempStore(headLimit: 0)
        let key = SeriesKey(meter: "m", quantity: .energyImport)
        let a = try headed.store.ensureSeries(key, kind: .counter, unit: "kWh").id
        let b = try sealed.store.ensureSeries(key, kind: .counter, unit: "kWh").id
        let start = headed.at("2026-02-01T00:00:00+08:00")
        var t = start
        var value = 100.0
        var written: [Sample] = []
        for _ in 0..<150 {
            // Mostly live flushes; now and then a late reading, a corrected one or a deletion.
            var batch: [Sample] = []
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                t += Int64.random(in: 1...5, using: &rng) * msPerMinute
                value += Double(Int.random(in: 0...40, using: &rng)) / 8
                batch.append(Sample(ms: t, value: value))
            }
            if let old = written.randomElement(using: &rng), Int.random(in: 0..<4, using: &rng) == 0 {
                batch.append(Sample(ms: old.ms + 30_000, value: old.value))
                batch.append(Sample(ms: old.ms, value: old.value + 0.125))
            }
            written += batch
            let x = try headed.store.append([a: batch])
            let y = try sealed.store.append([b: batch])
            #expect((x.inserted, x.updated, x.unchanged) == (y.inserted, y.updated, y.unchanged))
            if Int.random(in: 0..<25, using: &rng) == 0 {
                let from = t - Int64.random(in: 0...90, using: &rng) * msPerMinute
                let to = from + Int64.random(in: 1...30, using: &rng) * msPerMinute
                #expect(
                    try headed.store.deleteReadings(series: a, from: from, to: to).samples
                        == (try sealed.store.deleteReadings(series: b, from: from, to: to).samples))
            }
        }
        let all = try sealed.store.samples(series: b, from: .min, to: .max)
        #expect(try headed.store.samples(series: a, from: .min, to: .max) == all)
        #expect(try headed.store.latestSample(series: a) == all.last)
        for _ in 0..<40 {
            let at = start + Int64.random(in: 0...(t - start + msPerHour), using: &rng)
            let limit = Int.random(in: 1...9, using: &rng)
            let span = Int64.random(in: 1...240, using: &rng) * msPerMinute
            try headed.store.pool.read { ha in
                try sealed.store.pool.read { sb in
                    #expect(
                        try SampleChunks.before(ha, series: a, ts: at, limit: limit)
                            == SampleChunks.before(sb, series: b, ts: at, limit: limit))
                    #expect(
                        try SampleChunks.after(ha, series: a, ts: at, limit: limit)
                            == SampleChunks.after(sb, series: b, ts: at, limit: limit))
                    #expect(try SampleChunks.latest(ha, series: a, atOrBefore: at) == SampleChunks.latest(sb, series: b, atOrBefore: at))
                    #expect(
                        try SampleChunks.samples(ha, series: a, from: at, to: at + span)
                            == SampleChunks.samples(sb, series: b, from: at, to: at + span))
                    let e1 = try SampleChunks.extent(ha, series: a)
                    let e2 = try SampleChunks.extent(sb, series: b)
                    #expect(e1.count == e2.count && e1.first == e2.first && e1.last == e2.last)
                }
            }
        }
        for resolution in Resolution.allCases {
            #expect(
                try headed.store.rollups(series: a, resolution: resolution, from: .min, to: .max)
                    == (try sealed.store.rollups(series: b, resolution: resolution, from: .min, to: .max)), "seed \(seed)")
        }
        #expect(try headed.store.stats().samples == all.count)
    }
}
