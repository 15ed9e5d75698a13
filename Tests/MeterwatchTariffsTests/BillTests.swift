import MeterwatchCore
import MeterwatchTariffs
import Testing

/// Bills computed by hand from Taipower's table of 2025-10-01 (high voltage, three-section), in
/// each test's comments; the calculator must give the same to a millionth of a dollar.
@Suite struct BillTests {
    let aug1 = CivilDate(year: 2026, month: 8, day: 1)
    let sep1 = CivilDate(year: 2026, month: 9, day: 1)

    @Test func aSummerMonthWithAnExcessAboveTenPercent() throws {
        // August 2026: 21 weekdays, 5 Saturdays, 5 Sundays, no off-peak day. 100 kWh every quarter
        // (400 kW), but Wed 5 Aug 17:00 (peak) 140 kWh = 560 kW. Regular contract 500 kW.
        // Peak 21 × 24 × 100 + 40 = 50,440 kWh × 9.39 = 473,631.60
        // Half-peak 21 × 36 × 100 = 75,600 × 5.85 = 442,260
        // Saturday half-peak 5 × 60 × 100 = 30,000 × 2.60 = 78,000
        // Off-peak (21 + 5) × 36 × 100 + 5 × 96 × 100 = 141,600 × 2.53 = 358,248
        // Basic 500 × 223.60 = 111,800
        // Excess 60 kW: 50 kW (10 % of 500) × 2 + 10 kW × 3, at 223.60 = 29,068
        // Total 1,493,007.60
        var f = BillFixture()
        f.overrides = [(CivilDate(year: 2026, month: 8, day: 5), "17:00", 140)]
        let bill = try f.bill(aug1, sep1)
        #expect(bill.segments.count == 1 && bill.segments[0].season == .summer)
        #expect(bill.energy(.peak) == 50_440 && bill.energy(.halfPeak) == 75_600)
        #expect(bill.energy(.saturdayHalfPeak) == 30_000 && bill.energy(.offPeak) == 141_600)
        #expect(close(bill.sum([.energy]), 1_352_139.6))
        #expect(close(bill.sum([.basic, .basicSaturdayOffPeak]), 111_800))
        let excess = bill.lines.filter { $0.kind == .overContract }
        #expect(excess.map(\.quantity) == [50, 10] && excess.map(\.multiplier) == [2, 3])
        #expect(close(bill.sum([.overContract]), 29_068))
        #expect(close(bill.total, 1_493_007.6))
        #expect(DisplayFormat.number(bill.total, decimals: 0) == "1,493,008")
        #expect(bill.isComplete && bill.maxDemand(.peak)?.kW == 560)
    }

    @Test func aNonSummerMonthWithItsOffPeakDayOnAFriday() throws {
        // December 2026: 25 Dec (a Friday) is an off-peak day, billed as a Sunday: 22 weekdays,
        // 4 Saturdays, 5 Sunday-type days. 100 kWh a quarter; Mon 7 Dec 10:00 (half-peak) 130 kWh =
        // 520 kW. Contracts: regular 400, half-peak 100 kW. No peak period in non-summer.
        // Half-peak 22 × 60 × 100 + 30 = 132,030 × 5.47 = 722,204.10
        // Saturday half-peak 4 × 60 × 100 = 24,000 × 2.41 = 57,840
        // Off-peak (22 + 4) × 36 × 100 + 5 × 96 × 100 = 141,600 × 2.32 = 328,512
        // Basic 400 × 166.90 + 100 × 166.90 = 83,450
        // Half-peak excess 520 − 500 = 20 kW (within 10 % of 500) × 2 × 166.90 = 6,676
        // Total 1,198,682.10
        var f = BillFixture()
        f.contracts = [(CivilDate(year: 2025, month: 10, day: 1), Contracts([.regular: 400, .halfPeak: 100]))]
        f.overrides = [(CivilDate(year: 2026, month: 12, day: 7), "10:00", 130)]
        let bill = try f.bill(CivilDate(year: 2026, month: 12, day: 1), CivilDate(year: 2027, month: 1, day: 1))
        #expect(bill.energy(.peak) == 0 && bill.energy(.halfPeak) == 132_030 && bill.energy(.offPeak) == 141_600)
        #expect(close(bill.sum([.energy]), 1_108_556.1))
        #expect(close(bill.sum([.overContract]), 6_676))
        #expect(close(bill.total, 1_198_682.1))
    }

    @Test func mayIsSplitOnTheSixteenth() throws {
        // May 2026, 100 kWh every quarter, regular 500 kW. 1 May (Labour Day) is an off-peak day.
        // 1–15 May, non-summer: 10 weekdays, 2 Saturdays, 3 Sunday-type days:
        //   half-peak 60,000 × 5.47 + off-peak (36,000 + 7,200 + 28,800) × 2.32 + Saturday 12,000 × 2.41 = 524,160
        // 16–31 May, summer: 10 weekdays, 3 Saturdays, 3 Sundays:
        //   peak 24,000 × 9.39 + half-peak 36,000 × 5.85 + off-peak (36,000 + 10,800 + 28,800) × 2.53
        //   + Saturday 18,000 × 2.60 = 674,028
        // Basic 500 × (166.90 × 15 + 223.60 × 16) / 31 = 98,082.258064516…
        let f = BillFixture()
        let bill = try f.bill(CivilDate(year: 2026, month: 5, day: 1), CivilDate(year: 2026, month: 6, day: 1))
        #expect(bill.segments.map(\.season) == [.nonSummer, .summer])
        #expect(bill.segments.map(\.days) == [15, 16])
        #expect(close(bill.sum([.energy]), 524_160 + 674_028))
        #expect(close(bill.sum([.basic]), 3_040_550.0 / 31))
        #expect(close(bill.total, 1_198_188 + 3_040_550.0 / 31))
    }

    @Test func excessesInTwoPeriodsCountAKilowattOnce() throws {
        // August 2026, regular 500 + half-peak 100 kW. Peak quarter 600 kW (Wed 5 Aug 17:00, 150 kWh),
        // half-peak quarter 740 kW (Thu 6 Aug 10:00, 185 kWh).
        // Peak excess 600 − 500 = 100 kW: 50 × 2 + 50 × 3 at 223.60 = 55,900
        // Half-peak excess 740 − 600 − 100 (the peak's, not counted twice) = 40 kW, within 10 % of 600:
        //   40 × 2 × 166.90 = 13,352 (without the rule it would be 140 kW)
        // Energy: peak 50,450 × 9.39 + half-peak 75,685 × 5.85 + 78,000 + 358,248 = 1,352,730.75
        // Basic 111,800 + 16,690 = 128,490. Total 1,550,472.75
        var f = BillFixture()
        f.contracts = [(CivilDate(year: 2025, month: 10, day: 1), Contracts([.regular: 500, .halfPeak: 100]))]
        f.overrides = [
            (CivilDate(year: 2026, month: 8, day: 5), "17:00", 150), (CivilDate(year: 2026, month: 8, day: 6), "10:00", 185),
        ]
        let bill = try f.bill(aug1, sep1)
        let steps = bill.segments[0].overContract
        #expect(steps.map(\.excessKW) == [100, 40, 0, 0])
        #expect(close(bill.sum([.overContract]), 55_900 + 13_352))
        #expect(close(bill.total, 1_550_472.75))
        // A half-peak quarter of 680 kW is within the peak's excess: nothing more.
        f.overrides[1].2 = 170
        #expect(try f.bill(aug1, sep1).segments[0].overContract.map(\.excessKW) == [100, 0, 0, 0])
    }

    @Test func saturdayAndOffPeakContractsPayOnlyBeyondHalfTheOthers() throws {
        // Regular 500, Saturday 200, off-peak 150 kW: (200 + 150) − 0.5 × 500 = 100 kW × 44.70 in summer.
        var f = BillFixture()
        f.contracts = [(CivilDate(year: 2025, month: 10, day: 1), Contracts([.regular: 500, .saturday: 200, .offPeak: 150]))]
        let bill = try f.bill(aug1, sep1)
        #expect(close(bill.sum([.basicSaturdayOffPeak]), 4_470))
        #expect(close(bill.sum([.basic]), 111_800))
    }

    @Test func aLunarOffPeakDayOnAWeekdayIsBilledAsASunday() throws {
        // Fri 25 Sep 2026 is Mid-Autumn (lunar 8/15): every quarter off-peak, 9,600 kWh × 2.53 = 24,288.
        // Thu 24 Sep is an ordinary summer weekday: 3,600 × 2.53 + 3,600 × 5.85 + 2,400 × 9.39 = 52,704.
        let f = BillFixture()
        let festival = try f.bill(CivilDate(year: 2026, month: 9, day: 25), CivilDate(year: 2026, month: 9, day: 26))
        #expect(festival.energy(.offPeak) == 9_600 && festival.energy(.peak) == 0)
        #expect(close(festival.sum([.energy]), 24_288))
        let thursday = try f.bill(CivilDate(year: 2026, month: 9, day: 24), CivilDate(year: 2026, month: 9, day: 25))
        #expect(close(thursday.sum([.energy]), 52_704))
    }

    @Test func powerFactorBelowAndAboveEightyPerCent() throws {
        // The August bill above: basic + energy = 1,463,939.60.
        // PF 75 %: +5 × 0.1 % = +7,319.698; PF 85 %: −7,319.698; PF 98 %: capped at 95 %, −1.5 % = −21,959.094.
        // The over-contract charge gets no adjustment.
        var f = BillFixture()
        f.overrides = [(CivilDate(year: 2026, month: 8, day: 5), "17:00", 140)]
        let low = try f.bill(aug1, sep1, powerFactor: 0.75)
        #expect(close(low.sum([.powerFactor]), 7_319.698))
        #expect(close(low.total, 1_493_007.6 + 7_319.698))
        #expect(close(try f.bill(aug1, sep1, powerFactor: 0.85).sum([.powerFactor]), -7_319.698))
        #expect(close(try f.bill(aug1, sep1, powerFactor: 0.98).sum([.powerFactor]), -21_959.094))
        #expect(try f.bill(aug1, sep1, powerFactor: 0.80).lines.allSatisfy { $0.kind != .powerFactor })
    }

    @Test func aMonthWithoutUsePaysHalfItsBasicCharge() throws {
        // 0 kWh every quarter, measured: 111,800 × 50 % = 55,900.
        var f = BillFixture()
        f.base = 0
        let bill = try f.bill(aug1, sep1)
        #expect(close(bill.total, 55_900))
        #expect(bill.lines.allSatisfy { $0.kind != .energy && $0.kind != .overContract })
    }

    @Test func aMonthWithGapsIsMarkedIncompleteNeverJustSmaller() throws {
        // One day of 31 missing: coverage 30/31, and the bill says so.
        let f = BillFixture()
        let missing = BillFixture.calendar.startOfDay(CivilDate(year: 2026, month: 8, day: 10))
        let bill = try f.bill(aug1, sep1) { $0.start >= missing && $0.start < missing + 86_400_000 }
        #expect(!bill.isComplete)
        #expect(bill.measuredQuarters == 30 * 96 && bill.expectedQuarters == 31 * 96)
        #expect(close(bill.coverage, 30.0 / 31))
    }

    @Test func aBillOutsideTheTariffOrItsOffPeakDaysIsRefused() throws {
        let f = BillFixture()
        #expect(
            throws: TariffError.notInForce(
                id: "taipower-hv-three-section", day: CivilDate(year: 2025, month: 9, day: 1),
                from: CivilDate(year: 2025, month: 10, day: 1))
        ) {
            _ = try f.bill(CivilDate(year: 2025, month: 9, day: 1), CivilDate(year: 2025, month: 10, day: 1))
        }
        #expect(throws: TariffError.self) {
            _ = try f.bill(CivilDate(year: 2028, month: 3, day: 1), CivilDate(year: 2028, month: 4, day: 1))
        }
    }

    @Test func aContractChangeMidMonthSplitsTheBasicCharge() throws {
        // Regular 500 kW to the 15th, 600 kW from 16 Aug: 500 × 223.60 × 15/31 + 600 × 223.60 × 16/31.
        var f = BillFixture()
        f.contracts.append((CivilDate(year: 2026, month: 8, day: 16), Contracts([.regular: 600])))
        let bill = try f.bill(aug1, sep1)
        #expect(bill.segments.map(\.days) == [15, 16])
        #expect(close(bill.sum([.basic]), (500 * 223.6 * 15 + 600 * 223.6 * 16) / 31))
    }
}
