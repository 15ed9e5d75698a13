import Foundation
import MeterwatchAlerts
import MeterwatchConfig
import MeterwatchCore
import MeterwatchModbus
import MeterwatchStore
import Testing

/// Rules driven by the simulator's physics (leak, burst, on-battery, dead) and by hand-made
/// signals, evaluated step by step at explicit instants: no sleeping, no wall clock.
@Suite struct AlertRuleTests {
    @Test func leakFiresOnceAfterThreeNightsAndResolvesWhenFlowDrops() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: water-leak, type: night_flow, meters: [water-main], threshold: 0.2, nights: 3 }
                """)
        let d0 = try site.local("2026-03-02")
        // Two normal days, four leaking days (night flow 0.45 m³/h), then normal again.
        try site.simulate(
            "water-main", category: .water, scenario: .normal, from: d0, to: d0 + 2 * msPerDay, stepMs: 300_000, quantities: [.flowRate])
        try site.simulate(
            "water-main", category: .water, scenario: .leak, from: d0 + 2 * msPerDay, to: d0 + 6 * msPerDay, stepMs: 300_000,
            quantities: [.flowRate])
        try site.simulate(
            "water-main", category: .water, scenario: .normal, from: d0 + 6 * msPerDay, to: d0 + 9 * msPerDay, stepMs: 300_000,
            quantities: [.flowRate])

        let book = try site.replay(from: d0, to: d0 + 9 * msPerDay, stepMs: 900_000)
        #expect(book.events("water-leak") == ["firing", "resolved"])
        let firing = try #require(book.history.first { $0.event == .firing })
        // The third leaking night ends on day 4 at 04:00 local.
        #expect(firing.atMs == d0 + 4 * msPerDay + 4 * msPerHour)
        #expect(abs(firing.alert.value! - 0.45) < 1e-9)
        #expect(abs(firing.alert.details["leak_litres_per_night"]! - 1350) < 1e-6)
        #expect(firing.alert.messageZH.contains("疑似漏水"))
        let resolved = try #require(book.history.first { $0.event == .resolved })
        // The first dry night (day 6 → 04:00 on day 6).
        #expect(resolved.atMs == d0 + 6 * msPerDay + 4 * msPerHour)
    }

    @Test func burstFiresWithinItsHoldOff() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: burst, type: high_flow, meters: [water-main], threshold: 15, for: 2m, clear_for: 2m }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        try site.simulate(
            "water-main", category: .water, scenario: .burst, from: t0, to: t0 + 10 * 60_000, stepMs: 10_000,
            onsetMs: 3 * 60_000, quantities: [.flowRate])
        let book = try site.replay(from: t0, to: t0 + 10 * 60_000, stepMs: 10_000)
        #expect(book.events("burst") == ["pending", "firing"])
        let pending = try #require(book.history.first { $0.event == .pending })
        let firing = try #require(book.history.first { $0.event == .firing })
        #expect(pending.atMs == t0 + 3 * 60_000)
        #expect(firing.atMs - pending.atMs == 120_000)  // exactly the hold-off at a 10 s step
        #expect(firing.alert.severity == .critical)
    }

    @Test func deadDeviceGoesStaleAndRecovers() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: offline, type: stale, meters: [hall-power], intervals: 3 }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        // Polled every 5 s; dead (no answers) from 2 min to 4 min; back afterwards.
        try site.simulate(
            "hall-power", category: .electricity, scenario: .normal, from: t0, to: t0 + 120_000, stepMs: 5_000, quantities: [.energyImport])
        try site.simulate(
            "hall-power", category: .electricity, scenario: .normal, from: t0 + 240_000, to: t0 + 360_000, stepMs: 5_000,
            quantities: [.energyImport])
        let book = try site.replay(from: t0, to: t0 + 360_000, stepMs: 5_000)
        #expect(book.events("offline") == ["firing", "resolved"])
        let firing = try #require(book.history.first { $0.event == .firing })
        // Last sample at 115 s; stale once older than 3 × 5 s.
        #expect(firing.atMs == t0 + 135_000)
        #expect(book.history.last!.atMs == t0 + 240_000)
    }

    /// A UPS whose status is polled every 5 s and its energy counter every minute: not offline 25 s
    /// after a counter reading. Offline only once every series is overdue by its own interval.
    @Test func staleExpectsEachSeriesAtItsOwnPollInterval() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: offline, type: stale, meters: [ups-1] }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        try site.simulate("ups-1", category: .ups, scenario: .normal, from: t0, to: t0 + 300_000, stepMs: 5_000, quantities: ["ups_status"])
        try site.simulate(
            "ups-1", category: .ups, scenario: .normal, from: t0, to: t0 + 300_000, stepMs: 60_000, quantities: [.energyImport])
        var engine = site.engine
        engine.evaluator.pollIntervals = [
            SeriesKey(meter: "ups-1", quantity: "ups_status"): 5_000,
            SeriesKey(meter: "ups-1", quantity: .energyImport): 60_000,
        ]
        let book = try AlertReplay.run(engine: engine, store: site.store, from: t0, to: t0 + 900_000, stepMs: 5_000)
        #expect(book.events("offline") == ["firing"])
        // The counter's last reading at 240 s goes stale after 5 × 60 s; the status' at 295 s after 5 × 5 s.
        #expect(book.history.first { $0.event == .firing }?.atMs == t0 + 545_000)
        // Without the poll classes, the counter alone would have been called offline at 85 s (the old false alarm).
        let old = try site.replay(from: t0, to: t0 + 300_000, stepMs: 5_000)
        #expect(old.events("offline").first == "firing")
    }

    /// A device dead from the start never delivers a reading: offline once the service has watched
    /// it longer than its limit; a replay (no start to count from) cannot tell and stays quiet.
    @Test func aDeviceThatNeverAnsweredIsOfflineToo() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: offline, type: stale, meters: [hall-power] }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        var engine = site.engine
        engine.evaluator.watchingSinceMs = t0
        engine.evaluator.pollIntervals = [SeriesKey(meter: "hall-power", quantity: .powerActive): 5_000]
        let book = try AlertReplay.run(engine: engine, store: site.store, from: t0, to: t0 + 60_000, stepMs: 5_000)
        #expect(book.events("offline") == ["firing"])
        #expect(book.history.first?.atMs == t0 + 30_000)
        #expect(book.history.first?.alert.messageEN.contains("since the service started") == true)
        #expect(try site.replay(from: t0, to: t0 + 60_000, stepMs: 5_000).events("offline").isEmpty)
    }

    @Test func upsOnBatteryFiresAndResolves() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: ups, type: ups, meters: [ups-1], for: 30s, clear_for: 30s }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        try site.simulate("ups-1", category: .ups, scenario: .normal, from: t0, to: t0 + 120_000, stepMs: 5_000)
        try site.simulate("ups-1", category: .ups, scenario: .onBattery, from: t0 + 120_000, to: t0 + 300_000, stepMs: 5_000)
        try site.simulate("ups-1", category: .ups, scenario: .normal, from: t0 + 300_000, to: t0 + 480_000, stepMs: 5_000)
        let book = try site.replay(from: t0, to: t0 + 480_000, stepMs: 5_000)
        let ob = book.history.filter { $0.alert.subject == "ups-1:OB" }
        #expect(ob.compactMap(\.event?.rawValue) == ["pending", "firing", "resolved"])
        #expect(ob[1].atMs == t0 + 150_000)
        #expect(ob[2].atMs == t0 + 330_000)
        #expect(ob[1].alert.messageZH.contains("電池供電"))
        // Three minutes on battery do not drain it to low.
        #expect(!book.history.contains { $0.alert.subject == "ups-1:LB" })
    }

    @Test func demandProjectionCrossesTheContractCapacity() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: demand, type: demand, meters: [hall-power], contract_kw: 500, share: 0.95, for: 0s }
                """)
        let start = try site.local("2026-03-02T14:00")
        // 300 kW for ten minutes, then 900 kW.
        let samples = (0...14).map { Sample(ms: start + Int64($0) * 60_000, value: $0 < 10 ? 300_000 : 900_000) }
        try site.write("hall-power", .powerActive, samples)
        let data = try AlertData(store: site.store)
        let ev = site.engine.evaluator
        let at5 = try #require(ev.projectedDemand("hall-power", at: start + 5 * 60_000, intervalMs: 900_000, data: data))
        #expect(abs(at5.projectedKW - 300) < 1e-9)
        // (300 kW × 10 min + 900 kW × 1 min + 900 kW × 4 min to go) / 15 min = 500 kW.
        let at11 = try #require(ev.projectedDemand("hall-power", at: start + 11 * 60_000, intervalMs: 900_000, data: data))
        #expect(abs(at11.projectedKW - 500) < 1e-9)
        #expect(abs(at11.soFarKW - 3900.0 / 11) < 1e-9)

        let book = try site.replay(from: start, to: start + 15 * 60_000, stepMs: 60_000)
        let firing = try #require(book.history.first { $0.event == .firing })
        // At 10 min: (3000 + 900 × 5) / 15 = 500 > 475.
        #expect(firing.atMs == start + 10 * 60_000)
        #expect(book.events("demand") == ["firing"])
    }

    @Test func demandIsHeldAgainstThePeriodsContractWithItsCost() throws {
        // A billed meter: regular 500 kW, half-peak 100 kW. Wed 5 Aug 2026 at 17:00 is summer peak
        // (regular 500 kW serves it); at 10:00 half-peak (500 + 100 kW).
        let meters = AlertSite.defaultMeters.replacingOccurrences(
            of: "unit: 1, poll: { fast: 5s } } }",
            with: "unit: 1, poll: { fast: 5s } },\n      billing: { tariff: taipower-hv-three-section, "
                + "contracts: [{ from: 2026-01-01, regular: 500, half_peak: 100 }] } }")
        #expect(meters.contains("billing"))
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: demand, type: demand, meters: [hall-power], share: 0.95, for: 0s }
                """, meters: meters)
        for (time, kW, period, contract) in [("2026-08-05T17:00", 560.0, "peak", 500.0), ("2026-08-05T10:00", 560, "half_peak", 600)] {
            let start = try site.local(time)
            try site.write("hall-power", .powerActive, (0...14).map { Sample(ms: start + Int64($0) * 60_000, value: kW * 1000) })
            let data = try AlertData(store: site.store)
            let obs = site.engine.evaluator.observe(site.config.alerts.rules[0], at: start + 14 * 60_000, data: data)
            let o = try #require(obs.first)
            #expect(o.threshold == contract * 0.95 && o.details["contract_kw"] == contract, "\(time)")
            if period == "peak" {
                // 60 kW over 500: 50 × 2 + 10 × 3 at 223.60 = 29,068.
                #expect(o.level == .trigger && o.details["excess_cost_ntd"].map { abs($0 - 29_068) < 1e-6 } == true)
                let text = o.message?.text(.zhTW) ?? ""
                #expect(text.contains("尖峰契約容量 500 kW：超約 60.0 kW 將增加約新臺幣 29,068 元"), "\(text)")
            } else {
                #expect(o.level == .hold && o.details["excess_cost_ntd"] == 0)
            }
        }
    }

    @Test func flappingInputDoesNotFlapTheAlert() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: burst, type: high_flow, meters: [water-main], threshold: 10, clear_below: 9, for: 1m, clear_for: 2m }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        // Ten minutes hovering around the threshold (9.5 / 10.5 every 10 s), a 20 s dip below the
        // clear threshold, more hovering, then a real drop.
        var samples: [Sample] = []
        for i in 0..<120 {
            let t = t0 + Int64(i) * 10_000
            var v = i % 2 == 0 ? 10.5 : 9.5
            if i == 60 || i == 61 { v = 8 }
            if i >= 90 { v = 2 }
            samples.append(Sample(ms: t, value: v))
        }
        try site.write("water-main", .flowRate, samples)
        let book = try site.replay(from: t0, to: t0 + 1_200_000, stepMs: 10_000)
        #expect(book.events("burst") == ["pending", "firing", "resolved"])
        #expect(book.history[2].atMs == t0 + 900_000 + 120_000)

        // Crossing both thresholds every 30 s never holds long enough to fire.
        let site2 = try AlertSite(
            alerts: """
                  rules:
                    - { id: burst, type: high_flow, meters: [water-main], threshold: 10, clear_below: 9, for: 1m }
                """)
        try site2.write("water-main", .flowRate, (0..<40).map { Sample(ms: t0 + Int64($0) * 30_000, value: $0 % 2 == 0 ? 11 : 8) })
        let book2 = try site2.replay(from: t0, to: t0 + 1_200_000, stepMs: 10_000)
        #expect(book2.notified().isEmpty)
    }

    @Test func dailyUseAnomalyAgainstTheSameWeekday() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: water-day, type: daily_use_anomaly, meters: [water-main], weeks: 4, factor: 1.5 }
                """)
        let d0 = try site.local("2026-03-02")  // a Monday
        // Hourly volume readings: 10 m³ a day for five weeks; the sixth Monday uses 30 m³.
        var samples: [Sample] = []
        var volume = 1000.0
        for h in 0...(38 * 24) {
            let t = d0 + Int64(h) * msPerHour
            samples.append(Sample(ms: t, value: volume))
            volume += h / 24 == 35 ? 30.0 / 24 : 10.0 / 24
        }
        try site.write("water-main", .volume, samples)
        let book = try site.replay(from: d0 + 35 * msPerDay, to: d0 + 38 * msPerDay, stepMs: msPerHour)
        #expect(book.events("water-day") == ["firing", "resolved"])
        let firing = book.history[0]
        #expect(firing.atMs == d0 + 36 * msPerDay)  // evaluated once the day is complete
        #expect(abs(firing.alert.value! - 30) < 1e-6)
        #expect(abs(firing.alert.details["median"]! - 10) < 1e-6)
    }

    @Test func storageLowChargeAndFault() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: ess, type: storage, meters: [ess], soc_below: 20, soc_clear_above: 25, for: 0s }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        let soc: [Double] = [30, 22, 19, 21, 24, 19, 26, 30]
        try site.write("ess", "storage_soc", soc.enumerated().map { Sample(ms: t0 + Int64($0.offset) * 60_000, value: $0.element) })
        try site.write(
            "ess", "inverter_state",
            [4, 4, 7, 7, 4, 4, 4, 4].enumerated().map { Sample(ms: t0 + Int64($0.offset) * 60_000, value: $0.element) })
        let book = try site.replay(from: t0, to: t0 + 8 * 60_000, stepMs: 60_000)
        #expect(book.history.filter { $0.alert.subject == "ess:soc" }.compactMap(\.event?.rawValue) == ["firing", "resolved"])
        #expect(book.history.filter { $0.alert.subject == "ess:fault" }.compactMap(\.event?.rawValue) == ["firing", "resolved"])
    }

    @Test func stuckCounterWhileFlowSaysOtherwise() throws {
        let site = try AlertSite(
            alerts: """
                  rules:
                    - { id: stuck, type: stale, meters: [water-main], max_age: 10m, stuck_for: 30m, stuck_rate_min: 0.5 }
                """)
        let t0 = try site.local("2026-03-02T10:00")
        try site.write(
            "water-main", .volume, (0..<60).map { Sample(ms: t0 + Int64($0) * 60_000, value: $0 < 20 ? 100 + Double($0) * 0.05 : 101) })
        try site.write("water-main", .flowRate, (0..<60).map { Sample(ms: t0 + Int64($0) * 60_000, value: 3) })
        let book = try site.replay(from: t0, to: t0 + 60 * 60_000, stepMs: 60_000)
        let stuck = book.history.filter { $0.alert.subject == "water-main:stuck" }
        #expect(stuck.compactMap(\.event?.rawValue) == ["firing"])
        #expect(stuck[0].atMs == t0 + 50 * 60_000)  // constant since minute 20, for 30 minutes
        #expect(!book.history.contains { $0.alert.subject == "water-main" })  // samples keep arriving
    }
}
