import Testing

@testable import MeterwatchCore

@Suite struct PlausibilityTests {
    let calendar = try! LocalCalendar(timeZone: "Asia/Taipei")
    var limits: PlausibilityLimits { PlausibilityLimits(calendar: calendar) }
    func at(_ text: String) -> Int64 { try! TimeParser(calendar: calendar).parseInstant(text) }

    @Test func timestampsFallBetweenTheStartOfHistoryAndNowPlusSkew() {
        let now = at("2026-11-26T12:00:00+08:00")
        #expect(limits.check(ms: at("2025-01-01T00:00:00+08:00"), nowMs: now) == nil)
        #expect(limits.check(ms: at("1990-01-01T00:00:00+08:00"), nowMs: now) == nil)
        #expect(
            limits.check(ms: at("1989-12-31T23:59:59+08:00"), nowMs: now)
                == .beforeEarliest(
                    ms: at("1989-12-31T23:59:59+08:00"),
                    earliestMs: at("1990-01-01")))
        // Five minutes of skew are fine; a mistyped year is not.
        #expect(limits.check(ms: now + 5 * msPerMinute, nowMs: now) == nil)
        #expect(limits.check(ms: now + 5 * msPerMinute + 1, nowMs: now) != nil)
        let typo = at("2502-01-01T00:00:00+08:00")
        guard case .inTheFuture(let ms, _, _)? = limits.check(ms: typo, nowMs: now) else {
            Issue.record("a year 2502 passed")
            return
        }
        #expect(ms == typo)
        #expect(limits.check(ms: typo, nowMs: now)!.message(calendar).contains("2502-01-01T00:00:00+08:00 is in the future"))
        // A site's own start of history.
        var site = limits
        site.earliestMs = at("2015-01-01")
        #expect(site.check(ms: at("2014-12-31"), nowMs: now) != nil)
    }

    @Test func intervalsArePositiveBoundedAndNotInTheFuture() {
        let now = at("2026-11-26T12:00:00+08:00")
        #expect(limits.check(intervalStart: at("2026-10-01"), end: at("2026-11-01"), nowMs: now) == nil)
        #expect(
            limits.check(intervalStart: at("2026-11-01"), end: at("2026-11-01"), nowMs: now)
                == .intervalNotPositive(startMs: at("2026-11-01"), endMs: at("2026-11-01")))
        #expect(
            limits.check(intervalStart: at("2024-01-01"), end: at("2026-01-01"), nowMs: now)
                == .intervalTooLong(lengthMs: at("2026-01-01") - at("2024-01-01"), maxMs: 400 * msPerDay))
        // A bill for the month in progress ends in the future.
        #expect(limits.check(intervalStart: at("2026-11-01"), end: at("2026-12-01"), nowMs: now) != nil)
        // Extreme ends neither overflow nor trap.
        #expect(limits.check(intervalStart: Int64.min, end: Int64.max, nowMs: now) != nil)
    }

    @Test func valuesFitTheirQuantity() {
        func ok(_ v: Double, _ q: Quantity, _ kind: SeriesKind = .gauge, _ rules: CounterRules = CounterRules()) -> Bool {
            limits.check(value: v, quantity: q, kind: kind, rules: rules) == nil
        }
        #expect(!ok(.nan, "power_active") && !ok(.infinity, "power_active") && ok(-1500, "power_active"))
        #expect(ok(0, "ups_status", .state) && ok(8191, "ups_status", .state))
        #expect(
            !ok(8192, "ups_status", .state) && !ok(5e9, "ups_status", .state) && !ok(1.5, "ups_status", .state)
                && !ok(-1, "ups_status", .state))
        #expect(ok(7, "inverter_state", .state) && !ok(0, "inverter_state", .state) && !ok(9, "inverter_state", .state))
        #expect(ok(100, "storage_soc") && !ok(100.5, "storage_soc") && !ok(-0.1, "battery_charge") && !ok(128, "battery_charge"))
        #expect(ok(1, "power_factor") && !ok(1.2, "power_factor"))
        #expect(ok(35.2, .temperature) && !ok(95, .temperature) && !ok(-95, .temperature))
        #expect(ok(0, .energyImport, .counter) && !ok(-1, .energyImport, .counter))
        // A counter stays below its register's rollover.
        let width = CounterRules(rolloverAt: 100_000_000)
        #expect(ok(99_999_999.9, .energyImport, .counter, width) && !ok(100_000_000, .energyImport, .counter, width))
        // Nothing beyond any meter's register (sums of such values overflow).
        #expect(!ok(1e300, .energyImport, .counter) && !ok(-1e300, "power_active"))
        // A site's own range replaces the built-in one.
        var site = limits
        site.ranges["ups_load"] = ValueRange(min: 0, max: 150)
        #expect(
            site.check(value: 200, quantity: "ups_load", kind: .gauge) != nil
                && limits.check(value: 200, quantity: "ups_load", kind: .gauge) == nil)
        #expect(
            limits.check(value: 5e9, quantity: "ups_status", kind: .state)!.message(calendar)
                == "5000000000 is outside the plausible range of ups_status, [0, 8191] (whole numbers)")
    }

    /// Every conversion of a stored or decoded value is total: odd values give nil, never a trap.
    @Test func conversionsAreTotal() {
        let odd: [Double] = [.nan, .infinity, -.infinity, 5e9, -1, 1.5, 1e300, -0.0, Double.greatestFiniteMagnitude, 9.3e18]
        for v in odd {
            _ = v.exactInt
            _ = v.exactUInt32
            _ = v.clampedInt64
            _ = UPSFlags(storedValue: v)
        }
        #expect(UPSFlags(storedValue: 5e9) == nil && UPSFlags(storedValue: .nan) == nil && UPSFlags(storedValue: 1.5) == nil)
        #expect(UPSFlags(storedValue: 3) == [.online, .onBattery])
        #expect(UPSFlags(storedValue: 8192) == nil)
        #expect((9.3e18).clampedInt64 == Int64.max && (-1e300).clampedInt64 == Int64.min && Double.nan.clampedInt64 == nil)
        #expect((7.0).exactInt == 7 && (7.5).exactInt == nil && (5e9).exactUInt32 == nil)
    }
}
