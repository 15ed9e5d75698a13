import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchStore

/// The rest of an edge's state on its way to the central: the fuel log's rows after a cursor, device
/// health sent on a change of state or once a minute, deletions logged like writes; and the central's
/// keeping of them (each refuel once, the newest health document per device).
@Suite struct EdgeForwardingTests {
    static func health(_ state: DeviceState, requests: Int) -> DeviceHealth {
        var h = DeviceHealth(meter: "lib-power", profile: "schneider-pm5560", link: "rs485", unit: 3, state: state)
        h.requests = requests
        return h
    }

    static func save(_ store: MeterStore, _ h: DeviceHealth, at ms: Int64) throws {
        let document = String(decoding: try JSONEncoder().encode(h), as: UTF8.self)
        try store.saveDeviceHealth([StoredDeviceHealth(meter: h.meter, document: document, updatedAtMs: ms)])
    }

    @Test func deviceHealthGoesOnAChangeOfStateOrOnceAMinute() throws {
        let edge = try TempStore()
        let central = try TempStore()
        let t0 = edge.at("2026-01-01T02:00:00+08:00")
        try Self.save(edge.store, Self.health(.ok, requests: 1), at: t0)
        // Off: nothing to send.
        #expect(try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000).isEmpty)
        try edge.store.enableForwarding()
        let first = try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000)
        #expect(first.map(\.health.requests) == [1] && first[0].updatedAtMs == t0)
        try edge.store.acknowledgeForwardedDeviceHealth(first)
        // Polled again, same state, within the minute: nothing; a new state: at once; a minute on: again.
        try Self.save(edge.store, Self.health(.ok, requests: 2), at: t0 + 1_000)
        #expect(try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000).isEmpty)
        try Self.save(edge.store, Self.health(.offline, requests: 5), at: t0 + 30_000)
        let offline = try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000)
        #expect(offline.map(\.health.state) == [.offline])
        try edge.store.acknowledgeForwardedDeviceHealth(offline)
        try Self.save(edge.store, Self.health(.offline, requests: 9), at: t0 + 89_000)
        #expect(try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000).isEmpty)
        try Self.save(edge.store, Self.health(.offline, requests: 10), at: t0 + 90_000)
        let minute = try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000)
        #expect(minute.map(\.health.requests) == [10])

        // The central keeps the newest document; one sent again late does not replace it.
        try central.store.mergeForwardedDeviceHealth(minute, site: "library", receivedAtMs: t0 + 91_000)
        try central.store.mergeForwardedDeviceHealth(offline, site: "library", receivedAtMs: t0 + 92_000)
        let kept = try central.store.forwardedDeviceHealth()
        #expect(
            kept.count == 1 && kept[0].site == "library" && kept[0].stored.updatedAtMs == t0 + 90_000 && kept[0].receivedAtMs == t0 + 91_000
        )
        let decoded = try JSONDecoder().decode(DeviceHealth.self, from: Data(kept[0].stored.document.utf8))
        #expect(decoded == Self.health(.offline, requests: 10))

        // Forwarding turned off and on again sends the current document.
        try edge.store.acknowledgeForwardedDeviceHealth(minute)
        try edge.store.disableForwarding()
        try edge.store.enableForwarding()
        #expect(try edge.store.pendingDeviceHealthForwards(resendAfterMs: 60_000).map(\.updatedAtMs) == [t0 + 90_000])
    }

    @Test func theFuelLogGoesRowByRowAndIsKeptOnce() throws {
        let edge = try TempStore()
        let central = try TempStore()
        let day = CivilDate(year: 2026, month: 1, day: 5)
        let refuels = [
            Refuel(day: day, vehicle: "RAA-1001", fuel: .petrol, litres: 38.5, amount: 1_155, odometer: 12_000),
            Refuel(day: day, vehicle: "RAA-1001", fuel: .petrol, litres: 12.25),
            Refuel(day: day.adding(days: 15), vehicle: "KLM-0002", fuel: .diesel, litres: 60, station: "中油 市府站"),
        ]
        _ = try edge.store.appendRefuels(Array(refuels.prefix(2)), source: "fuel.csv")
        #expect(try edge.store.pendingRefuelForwards(limit: 10).isEmpty)
        try edge.store.enableForwarding()
        let first = try edge.store.pendingRefuelForwards(limit: 1)
        #expect(first.map(\.refuel) == [refuels[0]])
        try edge.store.acknowledgeForwardedRefuels(through: first[0].id)
        _ = try edge.store.appendRefuels(Array(refuels.suffix(1)), source: "fuel-2.csv")
        let rest = try edge.store.pendingRefuelForwards(limit: 10)
        #expect(rest.map(\.refuel) == Array(refuels.suffix(2)))

        // The central stores rows only: the cars' litres per day come forwarded as interval totals.
        #expect(try central.store.addForwardedRefuels(refuels) == 3)
        #expect(try central.store.addForwardedRefuels(refuels) == 0)
        #expect(try central.store.refuels(from: day, to: day.adding(days: 31)).count == 3)
        #expect(try central.store.allSeries().isEmpty)
    }

    @Test func aDeletionIsLoggedWithTheSpanItEmptied() throws {
        let edge = try TempStore()
        let t0 = edge.at("2026-01-01T00:00:00+08:00")
        let spec = SeriesSpec(key: SeriesKey(meter: "lib-power", quantity: .energyImport), kind: .counter, unit: "kWh")
        _ = try edge.store.ingest(samples: [spec: edge.minuteCounter(from: t0, minutes: 120)])
        let series = try #require(try edge.store.series(spec.key))
        // Off: deletions are not logged.
        try edge.store.deleteReadings(series: series.id, from: t0, to: t0 + 60_000)
        try edge.store.enableForwarding()
        let logged = try edge.store.pendingChanges(limit: 100).count
        // Nothing deleted: nothing logged; a deletion: the span of what went, not the range asked.
        try edge.store.deleteReadings(series: series.id, from: t0 - 86_400_000, to: t0)
        #expect(try edge.store.pendingChanges(limit: 100).count == logged)
        try edge.store.deleteReadings(series: series.id, from: t0 + 10 * 60_000 - 30_000, to: t0 + 20 * 60_000 - 30_000)
        let last = try #require(try edge.store.pendingChanges(limit: 100).last)
        #expect(last.deleted && last.fromMs == t0 + 10 * 60_000 && last.toMs == t0 + 19 * 60_000 && last.series.id == series.id)
    }
}
