import Foundation
import Testing

@testable import MeterwatchCore

/// The phrasebook is complete in both languages. A missing key does not compile (the catalog's
/// switch is exhaustive); this checks that every case has real text in each language, and that
/// the list below keeps up with the enumeration.
@Suite struct PhraseTests {
    /// One instance of every case of `Phrase`.
    static let everyCase: [Phrase] = [
        .forwardedAt,
        .byBuilding,
        .powerNow,
        .loadToday,
        .today,
        .lastWeek,
        .electricity,
        .thisMonth,
        .sameTimeLastYear,
        .change,
        .water,
        .fuel,
        .flowNow,
        .usedToday,
        .ups,
        .status,
        .battery,
        .load,
        .runtime,
        .storage,
        .stateOfCharge,
        .charging,
        .discharging,
        .idle,
        .firingAlerts,
        .noFiringAlerts,
        .noData,
        .updated,
        .period,
        .against,
        .show,
        .month,
        .thisPeriod,
        .baseline,
        .total,
        .soFarNote,
        .weatherTitle,
        .usageAgainstTemperature,
        .baselineModel,
        .reportingModel,
        .counterfactual,
        .metered,
        .avoidedUse,
        .rawChangePerDay,
        .model,
        .uncertaintyAtConfidence,
        .baselineInsufficient,
        .outsideGuideline14,
        .days,
        .kpi,
        .target,
        .actual,
        .attainment,
        .alert,
        .severity,
        .state,
        .since,
        .message,
        .acknowledge,
        .yourName,
        .comment,
        .accessToken,
        .device,
        .profile,
        .link,
        .requests,
        .errors,
        .rejectedValues,
        .lastSuccess,
        .latency,
        .lastError,
        .download,
        .print,
        .noDevices,
        .acknowledged,
        .badToken,
        .error,
        .perDay(unit: "s1"),
        .workingDay,
        .nonWorkingDay,
        .completeMonthsOnly,
        .badPeriod("s2"),
        .value,
        .unit,
        .coverage,
        .perDayChange,
        .warning,
        .uncapped,
        .notEntered,
        .modelStructure(.dayTypes),
        .giveYourName,
        .noSuchAlert(id: 3),
        .alertNotActive(id: 4, state: .firing),
        .alertState(.firing),
        .alertSeverity(.warning),
        .deviceState(.offline),
        .kpiStatus(.behind),
        .category(.water),
        .coverageDiffers(period: "s11", coverage: 12.5, basePeriod: "s13", baseCoverage: 14.5),
        .noDataFor(period: "s15"),
        .spansGaps(period: "s16", amount: 17.5, unit: "s18"),
        .baselineIsZero,
        .leapDayIn(period: "s19", days: 20, otherDays: 21),
        .notOverYet(period: "s22"),
        .metersWithoutData(["a23", "b23"]),
        .noLeapDayLastYear(date: "s24"),
        .noISOWeekLastYear(year: 25, week: 26),
        .comparedToDate(through: "s27"),
        .commonDaysOnly(days: 28, of: 29, coverage: 30.5, baseCoverage: 31.5),
        .notComparable(coverage: 32.5, baseCoverage: 33.5, commonDays: 34, of: 35),
        .notStarted(period: "s36"),
        .dataEndsAt(through: "s36a"),
        .metersLate(["a36b", "b36b"]),
        .noDataYet(period: "s36c", through: "s36d"),
        .noDayOfSameKind(date: "s36e", comparedWith: "s36f"),
        .readingsNotYetInCentral(file: "s36g", readings: 36),
        .kpiNoDataFor(period: "s37"),
        .kpiChangeUndefined,
        .kpiNoActualEntered(period: "s38"),
        .kpiTargetZero,
        .kpiActualZero,
        .kpiNegativeAttainment(percent: 39.5),
        .baselineShort(days: 40),
        .baselineGappy(missingPercent: 41.5),
        .baselineOverlaps,
        .billNotForEveryMeter(span: "s42"),
        .monthWithoutUsage(span: "s43", days: 44),
        .billLength(label: "s45", days: 46),
        .billTemperatures(label: "s47", covered: 48, days: 49),
        .weatherInsufficient([.baselineOverlaps]),
        .weatherPartial(days: 51, of: 52),
        .weatherUnavailable(.baselineOverlaps),
        .weatherNote(baseline: "s54"),
        .reportTitle,
        .portfolio,
        .building,
        .allBuildings,
        .floorArea,
        .rankByIntensity,
        .rankByChange,
        .intensityChange,
        .intensityNote,
        .intensity(.water),
        .twelveMonths(from: CivilDate(year: 2025, month: 11, day: 1), through: CivilDate(year: 2026, month: 10, day: 1)),
        .periodAgainst(current: "2026", baseline: "2025"),
        .forwarding(central: "http://central:8080", site: "library"),
        .forwardUpToDate,
        .forwardBehind(changes: 12, seconds: 30),
        .forwardLastSuccess("2026-11-26T10:00:00+08:00"),
        .forwardLastError("timeout"),
        .intensityWindow(
            .electricity,
            months: .twelveMonths(from: CivilDate(year: 2025, month: 11, day: 1), through: CivilDate(year: 2026, month: 10, day: 1)),
            baselineMonths: .twelveMonths(from: CivilDate(year: 2024, month: 11, day: 1), through: CivilDate(year: 2025, month: 10, day: 1))
        ),
        .item,
        .explanation,
        .kpis,
        .indicator,
        .targetValue,
        .achieved,
        .margin,
        .carbon,
        .carbonItem,
        .factorSource,
        .notApplicable,
        .percentagePoints,
        .dataNotes,
        .weatherAdjustedChange,
        .reportItem(.water),
        .provisionalFactor(year: 56, usedYear: 57, factor: 58.5),
        .unknownMeter("s59"),
        .noMeterWithTag("s60"),
        .noMeterInCategory(.water),
        .mixedUnits(selection: "s62", units: ["a63", "b63"]),
        .noRefuels(vehicle: "s64"),
        .noTemperaturesFor(meter: "s65", stored: ["a66", "b66"]),
        .noTemperatures,
        .severalTemperatureSeries(["a67", "b67"]),
        .periodTooLong(name: "s68", period: "s69", days: 70),
        .noStoredData(selection: "s71"),
        .holdsBillsNotDailyData(selection: "s72"),
        .noModel(baseline: 73, reporting: 74, unit: "s75"),
        .noTypicalYear(meter: "s76"),
        .typicalYearEmpty(meter: "s77"),
        .typicalYearShort(meter: "s78", days: 79, before: "s80"),
        .noReportingModel,
        .nightFlowAlert(window: "s81", nights: 82, minFlow: 83.5, threshold: 84.5, litresPerNight: 85.5),
        .continuousFlowAlert(hours: 86.5, threshold: 87.5, lowest: 88.5),
        .continuousFlowMinutesAlert(minutes: 89.5, threshold: 90.5, lowest: 91.5),
        .highFlowAlert(flow: 92.5, threshold: 93.5),
        .dailyUseAlert(day: "s94", use: 95.5, unit: "s96", weekday: 97, median: 98.5, weeks: 99, limit: 100.5),
        .neverDeliveredAlert(meter: "s101", seconds: 102.5),
        .staleAlert(meter: "s103", age: 104.5, limit: 105.5),
        .stuckAlert(meter: "s106", register: "s107", minutes: 108.5, rate: "s109", mean: 110.5),
        .upsAlert(meter: "s111", flag: "s112", flags: "s113", charge: 114.5),
        .socAlert(meter: "s115", soc: 116.5, below: 117.5),
        .faultAlert(meter: "s118", code: 119),
        .demandAlert(minutes: 120, projected: 121.5, sharePercent: 122.5, contract: 123.5),
    ]

    @Test func everyPhraseHasBothLanguages() {
        for phrase in Self.everyCase {
            let en = phrase.text(.en)
            let zh = phrase.text(.zhTW)
            #expect(!en.isEmpty && !zh.isEmpty, "\(phrase)")
            #expect(en != zh, "\(phrase): the same text in both languages")
            #expect(
                zh.unicodeScalars.contains { (0x3000...0x9FFF).contains($0.value) || (0xFF00...0xFFEF).contains($0.value) },
                "\(phrase): '\(zh)' has no Chinese")
        }
    }

    @Test func theListHoldsEveryCase() throws {
        // Case names as declared in Phrase.swift.
        let source = try String(
            contentsOf: URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().appendingPathComponent("../../Sources/MeterwatchCore/Language/Phrase.swift"), encoding: .utf8)
        let body = source.components(separatedBy: "public indirect enum Phrase")[1].components(separatedBy: "public var description")[0]
        var declared = 0
        for line in body.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("case ") else { continue }
            var depth = 0
            var count = 1
            for ch in trimmed {
                if ch == "(" { depth += 1 }
                if ch == ")" { depth -= 1 }
                if ch == "," && depth == 0 { count += 1 }
            }
            declared += count
        }
        #expect(declared == Self.everyCase.count, "add the new phrase to PhraseTests.everyCase")
        #expect(Set(Self.everyCase).count == Self.everyCase.count)
    }
}
