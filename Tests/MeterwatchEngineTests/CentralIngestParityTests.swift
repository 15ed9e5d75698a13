import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import MeterwatchTestSupport
import Testing

@testable import MeterwatchEngine

/// Live writes into the PostgreSQL central (what `serve` does with a forwarded batch) against the
/// same writes into the SQLite store: the same counts per batch, and after every batch the same
/// rollups to the bit, since both run `IncrementalRollups` over the same readings.
@Suite struct CentralIngestParityTests {
    static let utc = LocalCalendar(rules: .utc)

    static func stores() throws -> (MeterStore, PostgresStore, String) {
        let dir = NSTemporaryDirectory() + "mw-central-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let calendar = try LocalCalendar(timeZone: "America/New_York")
        let sqlite = try MeterStore(path: dir + "/store.sqlite", calendar: calendar)
        let central = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: calendar)
        return (sqlite, central, dir)
    }

    static let counter = SeriesSpec(
        key: SeriesKey(meter: "m", quantity: .energyImport), kind: .counter, unit: "kWh",
        rules: CounterRules(rolloverAt: 100_000, maxRatePerHour: 5_000, maxGapMs: 2 * msPerHour))
    /// Noise read as a counter: every reading a reset or a glitch, so classification reaches as far
    /// back as the context window allows; the same algorithm on both still agrees.
    static let noise = SeriesSpec(key: SeriesKey(meter: "p", quantity: .energyImport), kind: .counter, unit: "kWh", rules: CounterRules())
    static let gauge = SeriesSpec(
        key: SeriesKey(meter: "t", quantity: Quantity("temperature")), kind: .gauge, unit: "°C", rules: CounterRules())
    static let bill = SeriesSpec(
        key: SeriesKey(meter: "b", quantity: .energyImport), kind: .intervalTotal, unit: "kWh", rules: CounterRules())

    /// Batches as an edge sends them: shuffled, some sent twice, some corrected, times repeated
    /// inside a batch, bills among them.
    static func batches(seed: UInt64) -> [([SeriesSpec: [Sample]], [SeriesSpec: [IntervalTotal]])] {
        var rng = SeededRandom(seed: seed)
        var t: Int64 = 1_710_000_000_000  // 2024-03-09, before New York's DST change
        var value = 99_000.0
        var rows: [(SeriesSpec, Sample)] = []
        for i in 0..<4_000 {
            t += msPerMinute * Int64(Int.random(in: 1...3, using: &rng))
            if i % 997 == 0 { t += 3 * msPerHour }
            value += Double.random(in: 0...2, using: &rng)
            if value >= 100_000 { value -= 100_000 }
            var shown = value
            if i % 613 == 5 { shown = (value + 50_000).truncatingRemainder(dividingBy: 100_000) }
            rows.append((counter, Sample(ms: t, value: shown)))
            rows.append((noise, Sample(ms: t, value: Double.random(in: 0...30, using: &rng))))
            if i % 5 == 0 { rows.append((gauge, Sample(ms: t, value: Double.random(in: 10...30, using: &rng)))) }
        }
        var out: [([SeriesSpec: [Sample]], [SeriesSpec: [IntervalTotal]])] = []
        for chunk in stride(from: 0, to: rows.count, by: 450).map({ rows[$0..<min(rows.count, $0 + 450)] }) {
            var samples: [SeriesSpec: [Sample]] = [:]
            for (spec, s) in chunk { samples[spec, default: []].append(s) }
            if let first = chunk.first { samples[first.0, default: []].append(first.1) }  // a time twice in one batch
            out.append((samples, [:]))
        }
        out.shuffle(using: &rng)
        // Sent again (unchanged), and corrected (updated).
        out.append(out[3])
        var corrected = out[5].0
        for key in corrected.keys { corrected[key] = corrected[key]!.prefix(7).map { Sample(ms: $0.ms, value: $0.value + 0.5) } }
        out.append((corrected, [:]))
        // Monthly bills, then one corrected.
        let month: Int64 = 30 * msPerDay
        let january: Int64 = 1_704_067_200_000
        var bills: [IntervalTotal] = []
        for k in 0..<6 {
            let start = january + Int64(k) * month
            bills.append(IntervalTotal(startMs: start, endMs: start + month, value: 1_000 + Double(k)))
        }
        out.insert(([:], [bill: Array(bills.prefix(4))]), at: 2)
        out.append(([:], [bill: [bills[1], IntervalTotal(startMs: bills[4].startMs, endMs: bills[4].endMs, value: 77.5), bills[5]]]))
        return out
    }

    static func rollups(_ store: any ReadingStore) throws -> [String: [RollupBucket]] { try BackendParityTests.rollups(store) }

    /// `prefetch` 0: every read of the recompute goes to the database; 4: the batch's readings and
    /// rollups are fetched together and the recompute reads them in memory. Both equal SQLite's.
    @Test(arguments: [(1, 4), (2, 4), (3, 0)]) func liveWritesGiveTheSameCountsAndRollups(seed: UInt64, prefetch: Int) throws {
        let (sqlite, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        central.prefetchContexts.store(prefetch, ordering: .relaxed)
        let before = try central.generation()
        var total = IngestReport()
        for (i, batch) in Self.batches(seed: seed).enumerated() {
            let a = try sqlite.ingest(samples: batch.0, intervals: batch.1, site: "library")
            let b = try central.ingest(samples: batch.0, intervals: batch.1, site: "library")
            #expect(a == b, "batch \(i)")
            total += b
        }
        // Every kind of outcome was exercised.
        #expect(total.inserted > 8_000 && total.updated >= 8 && total.unchanged > 400, "\(total)")
        #expect(try central.generation() > before)
        let x = try Self.rollups(sqlite)
        let y = try Self.rollups(central)
        #expect(x.keys.sorted() == y.keys.sorted() && x.count == 16)
        for key in x.keys.sorted() {
            #expect(x[key] == y[key], "rollups of \(key) differ")
            #expect(!(x[key] ?? []).isEmpty, "\(key)")
        }
        for info in try sqlite.allSeries() where info.kind != .intervalTotal {
            let other = try #require(try central.series(info.key))
            #expect(try sqlite.samples(series: info.id, from: .min, to: .max) == central.samples(series: other.id, from: .min, to: .max))
        }
        // New counter rules recompute the series on both.
        var stricter = Self.counter
        stricter.rules.glitchWindow = 4
        let counterID = try #require(try sqlite.series(Self.counter.key)).id
        let last = try #require(try sqlite.latestSample(series: counterID))
        #expect(
            try sqlite.ingest(samples: [stricter: [last]], intervals: [:], site: "library")
                == central.ingest(samples: [stricter: [last]], intervals: [:], site: "library"))
        #expect(try Self.rollups(sqlite) == Self.rollups(central))
        #expect(try central.series(Self.counter.key)?.rules.glitchWindow == 4)
    }

    /// A noisy counter sent in shuffled batches reaches the central's rollups a whole rebuild gives
    /// (resynchronisation points bound how far a late reading's recompute must reach).
    @Test(arguments: 1...6 as ClosedRange<UInt64>) func aNoisyCounterInAnyOrderGetsTheRebuildsRollups(seed: UInt64) throws {
        let (sqlite, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        var rng = SeededRandom(seed: 7_000 + seed)
        let spec = SeriesSpec(
            key: SeriesKey(meter: "n", quantity: .energyImport), kind: .counter, unit: "kWh", rules: NoisyCounter.rules(&rng))
        let readings = NoisyCounter.readings(&rng, start: 1_710_000_000_000, count: Int.random(in: 400...1_200, using: &rng))
        var rest = readings
        rest.shuffle(using: &rng)
        while !rest.isEmpty {
            let n = min(rest.count, Int.random(in: 1...80, using: &rng))
            _ = try central.ingest(samples: [spec: Array(rest.prefix(n))], site: "hall")
            rest.removeFirst(n)
        }
        _ = try sqlite.ingest(samples: [spec: readings], intervals: [:], site: "hall")
        let info = try #require(try central.series(spec.key))
        let whole = WholeSeriesRollups.compute(info, samples: readings, intervals: [], replacements: [], calendar: sqlite.calendar)
        let stored = try Resolution.allCases.map { try central.rollups(series: info.id, resolution: $0, from: .min, to: .max) }
        #expect(stored == whole.map(\.buckets), "seed \(seed)")
        #expect(try Self.rollups(sqlite) == Self.rollups(central), "seed \(seed)")
    }

    /// A batch costs a fixed number of statements, however many series it holds (not one per read).
    @Test func aBatchCostsAFewStatementsWhateverItsSeries() throws {
        let (sqlite, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        func batch(_ series: Int, day: Int64) -> [SeriesSpec: [Sample]] {
            var out: [SeriesSpec: [Sample]] = [:]
            for k in 0..<series {
                let spec = SeriesSpec(
                    key: SeriesKey(meter: "m\(k)", quantity: .energyImport), kind: .counter, unit: "kWh", rules: CounterRules())
                out[spec] = (0..<288).map {
                    Sample(ms: 1_710_000_000_000 + day * msPerDay + Int64($0) * 5 * msPerMinute, value: Double(day * 288 + Int64($0)))
                }
            }
            return out
        }
        var perBatch: [Int] = []
        for (day, series) in [(0, 3), (1, 3), (2, 30), (3, 30)] {
            let before = central.statementsSent
            let b = batch(series, day: Int64(day))
            #expect(try central.ingest(samples: b, site: "hall") == sqlite.ingest(samples: b, intervals: [:], site: "hall"))
            perBatch.append(central.statementsSent - before)
        }
        // New series the first time (an insert), known ones after; ten times the series, the same statements.
        #expect(perBatch[1] == perBatch[3] && perBatch[3] <= 12, "\(perBatch)")
        #expect(try Self.rollups(sqlite) == Self.rollups(central))
    }

    /// Retention at the central follows the SQLite store's rule to the reading; whole months go as
    /// partitions; rollups stay; what is older than the cut is refused after it.
    @Test func retentionPrunesLikeTheEmbeddedStore() throws {
        let (sqlite, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        let start: Int64 = 1_704_067_200_000  // 2024-01-01T00:00Z
        for week in 0..<17 {
            var batch: [SeriesSpec: [Sample]] = [:]
            for h in 0..<(7 * 24) {
                let ms = start + Int64(week * 7 * 24 + h) * msPerHour
                batch[Self.counter, default: []].append(Sample(ms: ms, value: Double(week * 168 + h) * 1.5))
                batch[Self.gauge, default: []].append(Sample(ms: ms, value: Double(h % 24)))
            }
            #expect(try sqlite.ingest(samples: batch, intervals: [:], site: "hall") == central.ingest(samples: batch, site: "hall"))
        }
        let now = start + 17 * 7 * msPerDay
        let months = try central.partitionNames(of: "sample")
        #expect(months.contains("sample_p202401"))
        let a = try sqlite.prune(retentionDays: 60, now: now)
        let b = try central.prune(retentionDays: 60, now: now)
        #expect(a == b && a > 1_000, "\(a) \(b)")
        for info in try sqlite.allSeries() {
            let other = try #require(try central.series(info.key))
            #expect(other.prunedBefore == info.prunedBefore && info.prunedBefore != nil)
            #expect(try sqlite.samples(series: info.id, from: .min, to: .max) == central.samples(series: other.id, from: .min, to: .max))
        }
        #expect(try Self.rollups(sqlite) == Self.rollups(central))
        // January went whole; its rollups stayed.
        #expect(!(try central.partitionNames(of: "sample")).contains("sample_p202401"))
        #expect(try central.partitionNames(of: "rollup").contains("rollup_p202401"))
        // Older than the cut: refused on both; a new series may still bring January.
        let late = [Self.gauge: [Sample(ms: start + msPerDay, value: 3)]]
        #expect(throws: StoreError.self) { try central.ingest(samples: late, site: "hall") }
        #expect(throws: StoreError.self) { try sqlite.ingest(samples: late, intervals: [:], site: "hall") }
        let fresh = SeriesSpec(
            key: SeriesKey(meter: "new", quantity: Quantity("temperature")), kind: .gauge, unit: "°C", rules: CounterRules())
        #expect(try central.ingest(samples: [fresh: [Sample(ms: start + msPerDay, value: 3)]], site: "hall").inserted == 1)
    }

    @Test func aRefusedBatchStoresNothingOnEither() throws {
        let (sqlite, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        let good = [Self.gauge: [Sample(ms: 1_710_000_000_000, value: 20)]]
        #expect(try central.ingest(samples: good, site: "hall").inserted == 1)
        _ = try sqlite.ingest(samples: good, intervals: [:], site: "hall")
        let generation = try central.generation()
        // One good series and one reading dated 2502: the whole batch is refused, as on SQLite.
        let bad: [SeriesSpec: [Sample]] = [
            Self.counter: [Sample(ms: 1_710_000_060_000, value: 5)],
            Self.gauge: [Sample(ms: 1_710_000_060_000, value: 21), Sample(ms: 16_779_000_000_000, value: 22)],
        ]
        #expect(throws: StoreError.self) { try central.ingest(samples: bad, site: "hall") }
        #expect(throws: StoreError.self) { try sqlite.ingest(samples: bad, intervals: [:], site: "hall") }
        #expect(throws: StoreError.self) {
            try central.ingest(samples: [Self.gauge: [Sample(ms: 1_710_000_000_000, value: .nan)]], site: "hall")
        }
        // A series' kind is kept: the same key as bills is refused, naming the series.
        let clash = SeriesSpec(key: Self.gauge.key, kind: .intervalTotal, unit: "°C", rules: CounterRules())
        let refused = #expect(throws: StoreError.self) {
            try central.ingest(intervals: [clash: [IntervalTotal(startMs: 0, endMs: msPerDay, value: 1)]], site: "hall")
        }
        #expect(refused?.description.contains("t/temperature") == true, "\(String(describing: refused))")
        #expect(try central.series(Self.counter.key) == nil)
        #expect(try central.generation() == generation)
        let t = try #require(try central.series(Self.gauge.key))
        #expect(try central.samples(series: t.id, from: .min, to: .max) == [Sample(ms: 1_710_000_000_000, value: 20)])
    }

    @Test func aMeterForwardedByAnotherBuildingMovesWithItsRows() throws {
        let (_, central, dir) = try Self.stores()
        defer {
            central.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        let samples = (0..<100).map { Sample(ms: 1_710_000_000_000 + Int64($0) * msPerMinute, value: Double($0)) }
        try central.ingest(samples: [Self.gauge: Array(samples.prefix(60))], site: "hall")
        let moved = try central.ingest(samples: [Self.gauge: Array(samples.suffix(50))], site: "library")
        #expect(moved.inserted == 40 && moved.unchanged == 10)
        let info = try #require(try central.series(Self.gauge.key))
        #expect(try central.samples(series: info.id, from: .min, to: .max) == samples)
        #expect(try central.rowsBySite(table: "sample") == ["library": 100])
        #expect(try central.rowsBySite(table: "rollup").keys.sorted() == ["library"])
    }
}
