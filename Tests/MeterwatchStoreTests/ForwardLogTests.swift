import Foundation
import GRDB
import MeterwatchCore
import Testing

@testable import MeterwatchStore

/// The edge's change log: off until forwarding starts, then the history in week-long entries and
/// every later write (late ones too) in its own transaction; acknowledged entries are deleted.
@Suite struct ForwardLogTests {
    @Test func theLogHoldsTheHistoryThenEveryWriteUntilAcknowledged() throws {
        let t = try TempStore()
        let power = try t.store.ensureSeries(SeriesKey(meter: "m", quantity: .energyImport), kind: .counter, unit: "kWh")
        let bill = try t.store.ensureSeries(SeriesKey(meter: "bill", quantity: .volume), kind: .intervalTotal, unit: "m3")
        let start = t.at("2026-01-01T00:00:00+08:00")
        try t.store.append([power.id: t.minuteCounter(from: start, minutes: 20 * 1_440)])
        try t.store.appendIntervals([bill.id: [IntervalTotal(startMs: start, endMs: start + 31 * msPerDay, value: 120)]])
        // Off: nothing is logged.
        #expect(try t.store.pendingChanges(limit: 100).isEmpty)
        #expect(try t.store.forwardState().enabled == false)

        #expect(try t.store.enableForwarding())
        #expect(try !t.store.enableForwarding())
        let history = try t.store.pendingChanges(limit: 100)
        // 20 days of readings in three week-long entries, the bill in one.
        #expect(history.filter { !$0.intervals }.map { ($0.toMs - $0.fromMs + 1) / msPerDay } == [7, 7, 5])
        #expect(history.filter { !$0.intervals }.first?.fromMs == start)
        #expect(history.filter(\.intervals).map(\.fromMs) == [start])

        // A late reading and a live one, each logged with its range.
        let late = Sample(ms: start + 90 * msPerMinute + 30_000, value: 1_090.5)
        try t.store.append([power.id: [late]])
        let live = Sample(ms: start + 20 * msPerDay, value: 30_000)
        try t.store.append([power.id: [live]])
        // The same reading again changes nothing and logs nothing.
        try t.store.append([power.id: [live]])
        let all = try t.store.pendingChanges(limit: 100)
        #expect(all.suffix(2).map(\.fromMs) == [late.ms, live.ms])
        #expect(all.count == history.count + 2)

        try t.store.acknowledgeForwarded(through: history.last!.seq, readings: 28_801, atMs: t.at("2026-01-21T00:00:00+08:00"))
        #expect(try t.store.pendingChanges(limit: 100).map(\.fromMs) == [late.ms, live.ms])
        try t.store.recordForwardError("the central did not answer", atMs: t.at("2026-01-21T00:01:00+08:00"))
        var state = try t.store.forwardState()
        #expect(state.pendingChanges == 2 && state.forwardedReadings == 28_801 && state.lastError == "the central did not answer")
        try t.store.acknowledgeForwarded(through: nil, readings: 1, atMs: t.at("2026-01-21T00:02:00+08:00"))
        state = try t.store.forwardState()
        #expect(state.pendingChanges == 2 && state.forwardedReadings == 28_802 && state.lastError == nil)
        #expect(state.lastSuccessMs == t.at("2026-01-21T00:02:00+08:00"))

        // Off again: the log is dropped and writes are no longer logged.
        #expect(try t.store.disableForwarding() == 2)
        try t.store.append([power.id: [Sample(ms: live.ms + msPerMinute, value: 30_001)]])
        #expect(try t.store.pendingChanges(limit: 100).isEmpty && !t.store.forwardState().enabled)
    }
}
