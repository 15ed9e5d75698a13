import Foundation
import GRDB
import MeterwatchCore
import Testing

@testable import MeterwatchStore

/// `db check` compares the stored rollups with the same rollups computed afresh from every reading.
@Suite struct RollupCheckTests {
    let power = SeriesKey(meter: "hall-power", quantity: .energyImport)
    let temperature = SeriesKey(meter: "weather:466920", quantity: .temperature)
    let bill = SeriesKey(meter: "hall-bill", quantity: .energyImport)

    @Test func rollupsKeptWriteByWriteEqualARecompute() throws {
        let t = try TempStore()
        let counter = try t.store.ensureSeries(power, kind: .counter, unit: "kWh", rules: CounterRules(rolloverAt: 10_000, glitchWindow: 4))
        let gauge = try t.store.ensureSeries(temperature, kind: .gauge, unit: "degC")
        let bills = try t.store.ensureSeries(bill, kind: .intervalTotal, unit: "kWh")
        // A counter with a wrap and a glitch, written in small batches out of order; a gauge; two bills.
        var samples = t.minuteCounter(from: t.at("2019-07-01"), minutes: 3_000)
        samples = samples.map { Sample(ms: $0.ms, value: ($0.value + 9_000).truncatingRemainder(dividingBy: 10_000)) }
        samples[1_234].value = 0
        for lo in stride(from: 0, to: samples.count, by: 250).reversed() {
            try t.store.append([counter.id: Array(samples[lo..<min(samples.count, lo + 250)])])
        }
        try t.store.append([gauge.id: (0..<500).map { Sample(ms: t.at("2019-07-01") + Int64($0) * 600_000, value: 25 + sin(Double($0))) }])
        _ = try t.store.appendIntervals([
            bills.id: [
                IntervalTotal(startMs: t.at("2019-06-01"), endMs: t.at("2019-07-01"), value: 1_000),
                IntervalTotal(startMs: t.at("2019-07-01"), endMs: t.at("2019-08-01"), value: 900),
            ]
        ])
        #expect(try t.store.rollupFindings().isEmpty)

        // A rollup changed behind the store's back is found, named, and the remedy clears it.
        try t.store.pool.write { db in
            try db.execute(sql: "UPDATE rollup SET value = value + 1 WHERE series = ? AND resolution = 2", arguments: [counter.id])
        }
        let findings = try t.store.check().filter { $0.remedy == "meterwatch db rebuild-rollups" }
        #expect(findings.count == 1 && findings[0].series == "hall-power/energy_import" && findings[0].severity == .warning)
        #expect(findings[0].message.contains("rollups differ from a recompute"))
        try t.store.rebuildRollups()
        #expect(try t.store.rollupFindings().isEmpty)
    }
}
