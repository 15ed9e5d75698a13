import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchStore

@Suite struct StoreIngestTests {
    let power = SeriesKey(meter: "hall-power", quantity: .energyImport)

    @Test func dstDaysHoldTheirRealLength() throws {
        let t = try TempStore(timeZone: "America/New_York")
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        // 1 kWh a minute from 2019-11-02 00:00 to 2019-11-05 00:00 local, across the fall-back day.
        let from = t.at("2019-11-02")
        let to = t.at("2019-11-05")
        let minutes = Int((to - from) / msPerMinute)
        try t.store.append([s.id: t.minuteCounter(from: from, minutes: minutes + 1)])
        #expect(try t.day(s.id, "2019-11-02")?.value == 1440)
        #expect(try t.day(s.id, "2019-11-03")?.value == 1500)  // 25 hours
        #expect(try t.day(s.id, "2019-11-03")?.coverage == 1)
        #expect(try t.day(s.id, "2019-11-04")?.value == 1440)
        let hours = try t.store.rollups(series: s.id, resolution: .hour, from: t.at("2019-11-03"), to: t.at("2019-11-04"))
        #expect(hours.count == 25)
        #expect(hours.allSatisfy { $0.value == 60 })
        let spring = try TempStore(timeZone: "America/New_York")
        let s2 = try spring.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let a = spring.at("2019-03-10")
        let b = spring.at("2019-03-11")
        try spring.store.append([s2.id: spring.minuteCounter(from: a, minutes: Int((b - a) / msPerMinute) + 1)])
        #expect(try spring.day(s2.id, "2019-03-10")?.value == 1380)  // 23 hours
        let month = try spring.store.rollups(series: s2.id, resolution: .month, from: spring.at("2019-03-01"), to: spring.at("2019-04-01"))
        #expect(month.map(\.value) == [1380])
    }

    @Test func taipeiDaysAreLocalNotUTC() throws {
        let t = try TempStore(timeZone: "Asia/Taipei")
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        try t.store.append([s.id: t.minuteCounter(from: t.at("2019-07-01T00:00"), minutes: 2 * 1440 + 1)])
        let d = try t.day(s.id, "2019-07-01")!
        #expect(t.calendar.isoString(d.start) == "2019-07-01T00:00:00+08:00")
        #expect(d.value == 1440)
    }

    @Test func lateAndOutOfOrderDataGiveTheSameRollups() throws {
        let reference = try TempStore()
        let late = try TempStore()
        let r = try reference.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let l = try late.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let all = reference.minuteCounter(from: reference.at("2019-07-01"), minutes: 3 * 1440)
        try reference.store.append([r.id: all])
        // Same readings: first with a six-hour hole, then the hole arrives late and shuffled.
        let hole = 1440 + 300..<1440 + 660
        try late.store.append([l.id: all.enumerated().filter { !hole.contains($0.offset) }.map(\.element)])
        #expect(try late.day(l.id, "2019-07-02")!.value == 1440)  // the hole's delta is kept…
        #expect(try late.day(l.id, "2019-07-02")!.estimated == 361)  // …but marked as spanning a gap
        #expect(try late.day(l.id, "2019-07-02")!.coverage < 0.76)
        var shuffled = Array(all[hole])
        shuffled.shuffle()
        try late.store.append([l.id: shuffled])
        for res in Resolution.allCases {
            let a = try reference.store.rollups(series: r.id, resolution: res, from: 0, to: .max)
            let b = try late.store.rollups(series: l.id, resolution: res, from: 0, to: .max)
            #expect(a == b, "\(res)")
        }
    }

    @Test func duplicatesAreIdempotent() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        let batch = t.minuteCounter(from: t.at("2019-07-01"), minutes: 500)
        let first = try t.store.append([s.id: batch])
        let before = try t.store.rollups(series: s.id, resolution: .quarterHour, from: 0, to: .max)
        let second = try t.store.append([s.id: batch])
        #expect(first.inserted == 500)
        #expect(second.inserted == 0 && second.updated == 0 && second.unchanged == 500)
        #expect(try t.store.rollups(series: s.id, resolution: .quarterHour, from: 0, to: .max) == before)
        // A corrected value at an existing time is an update.
        var corrected = batch[499]
        corrected.value += 1
        #expect(try t.store.append([s.id: [corrected]]).updated == 1)
    }

    @Test func counterEventsThroughTheStore() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh", rules: CounterRules(rolloverAt: 10_000, glitchWindow: 4))
        let d0 = t.at("2019-07-01")
        func at(_ m: Int) -> Int64 { d0 + Int64(m) * msPerMinute }
        var samples: [Sample] = (0..<60).map { Sample(ms: at($0), value: 9_970 + Double($0)) }  // 9970 … 10029 wraps at 10000
        samples = samples.map { Sample(ms: $0.ms, value: $0.value >= 10_000 ? $0.value - 10_000 : $0.value) }
        samples[40].value = 0  // a transient zero
        samples += (60..<120).map { Sample(ms: at($0), value: 5 + Double($0 - 60)) }  // meter replaced at minute 60
        samples += (120..<180).map { Sample(ms: at($0), value: 0.25 * Double($0 - 120)) }  // unexplained reset at minute 120
        try t.store.append([s.id: samples])
        try t.store.recordReplacement(series: s.id, CounterReplacement(ms: at(60), oldFinal: 30, newInitial: 5))
        let day = try t.day(s.id, "2019-07-01")!
        // 59 (0…59 incl. the wrap, the zero left out) + 1 (29→30 old meter) + 0 (5→5 new) + 59 + 0 (reset) + 14.75
        #expect(day.value == 59 + 1 + 59 + 14.75)
        let findings = try t.store.check()
        #expect(findings.contains { $0.message.contains("no replacement recorded") && $0.ms == at(120) })
        #expect(findings.contains { $0.message.contains("transient glitch") && $0.ms == at(40) })
    }

    @Test func gaugesKeepMinMaxMeanAndCoverage() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(SeriesKey(meter: "hall-water", quantity: .flowRate), kind: .gauge, unit: "m3/h")
        let d0 = t.at("2019-07-01")
        try t.store.append([s.id: (0..<30).map { Sample(ms: d0 + Int64($0) * msPerMinute, value: Double($0 % 10)) }])
        let q = try t.store.rollups(series: s.id, resolution: .quarterHour, from: d0, to: d0 + msPerHour)
        #expect(q.count == 2)
        #expect(q[0].min == 0 && q[0].max == 9 && q[0].count == 15 && q[0].mean == 55.0 / 15)
        #expect(q[0].coverage == 1)
        #expect(q[1].coverage == 14.0 / 15)  // the last reading has no successor yet
    }

    @Test func billsSpreadProRataAndSumExactly() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(SeriesKey(meter: "hall-bill", quantity: .energyImport), kind: .intervalTotal, unit: "kWh")
        let values: [Double] = [2_004_800, 2_101_600, 1_987_200, 1_931_200, 1_801_600, 1_692_800]
        var bills: [IntervalTotal] = []
        for (i, v) in values.enumerated() {
            let a = t.calendar.startOfDay(CivilDate(year: 2019, month: 7 + i, day: 1))
            let b = t.calendar.startOfDay(CivilDate(year: 2019, month: 7 + i, day: 1).adding(months: 1))
            bills.append(IntervalTotal(startMs: a, endMs: b, value: v))
        }
        try t.store.appendIntervals([s.id: bills])
        let h2 = try t.store.totals(series: [s.id], from: t.at("2019-07-01"), to: t.at("2020-01-01"))
        #expect(h2.value == 11_519_200)
        #expect(h2.observedMs == t.at("2020-01-01") - t.at("2019-07-01"))
        // A custom range of dates is tiled by days: July 16–31 is 16/31 of the July bill.
        let part = try t.store.totals(series: [s.id], from: t.at("2019-07-16"), to: t.at("2019-08-01"))
        #expect(abs(part.value - 2_004_800 * 16 / 31) < 1e-6)
        // Re-importing a corrected bill replaces it.
        #expect(
            try t.store.appendIntervals([s.id: [IntervalTotal(startMs: bills[0].startMs, endMs: bills[0].endMs, value: 2_004_801)]]).updated
                == 1)
        #expect(try t.store.totals(series: [s.id], from: t.at("2019-07-01"), to: t.at("2020-01-01")).value == 11_519_201)
    }

    @Test func retentionPrunesRawButKeepsRollups() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        try t.store.append([s.id: t.minuteCounter(from: t.at("2019-01-01"), minutes: 100 * 1440)])
        let monthsBefore = try t.store.rollups(series: s.id, resolution: .month, from: 0, to: .max)
        let deleted = try t.store.prune(retentionDays: 40, now: t.at("2019-04-10"))
        #expect(deleted > 0)
        let remaining = try t.store.samples(series: s.id, from: 0, to: .max)
        #expect(remaining.first!.ms < t.at("2019-03-01"))  // one anchor before the horizon
        #expect(remaining.dropFirst().first!.ms >= t.at("2019-03-01"))
        try t.store.rebuildRollups()
        #expect(try t.store.rollups(series: s.id, resolution: .month, from: 0, to: .max) == monthsBefore)
        #expect(throws: StoreError.self) { try t.store.append([s.id: [Sample(ms: t.at("2019-02-01T12:00"), value: 1)]]) }
    }

    @Test func kindAndUnitAreFixedPerSeries() throws {
        let t = try TempStore()
        try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        #expect(throws: StoreError.self) { try t.store.ensureSeries(power, kind: .intervalTotal, unit: "kWh") }
        #expect(throws: StoreError.self) { try t.store.ensureSeries(power, kind: .counter, unit: "Wh") }
    }

    @Test func rejectsNonFiniteValuesAndStoresNothingOfTheBatch() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        var batch = t.minuteCounter(from: t.at("2019-07-01"), minutes: 10)
        batch[5].value = .nan
        #expect(throws: StoreError.self) { try t.store.append([s.id: batch]) }
        #expect(try t.store.samples(series: s.id, from: 0, to: .max).isEmpty)
    }

    @Test func backupIsAUsableCopy() throws {
        let t = try TempStore()
        let s = try t.store.ensureSeries(power, kind: .counter, unit: "kWh")
        try t.store.append([s.id: t.minuteCounter(from: t.at("2019-07-01"), minutes: 100)])
        try t.store.backup(to: t.dir + "/copy.sqlite")
        let copy = try MeterStore(path: t.dir + "/copy.sqlite", calendar: t.calendar)
        #expect(try copy.samples(series: s.id, from: 0, to: .max).count == 100)
        #expect(try copy.check().isEmpty)
    }
}
