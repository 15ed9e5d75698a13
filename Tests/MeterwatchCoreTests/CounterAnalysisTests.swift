import Testing

@testable import MeterwatchCore

@Suite struct CounterAnalysisTests {
    func series(_ values: [Double], stepMinutes: Int64 = 1) -> [Sample] {
        values.enumerated().map { Sample(ms: Int64($0) * stepMinutes * msPerMinute, value: $1) }
    }
    func counted(_ a: CounterAnalysis) -> Double { CompensatedSum(a.intervals.filter(\.isCounted).map(\.delta)).value }

    @Test func steadyConsumption() {
        let a = CounterAnalyzer.analyze(series([100, 101, 103, 106]), rules: CounterRules())
        #expect(counted(a) == 6)
        #expect(a.glitches.isEmpty)
        #expect(a.intervals.allSatisfy { $0.kind == .normal && !$0.spansGap })
    }

    @Test func transientZeroIsAGlitchNotAReset() {
        let a = CounterAnalyzer.analyze(series([100, 101, 0, 0, 102, 103]), rules: CounterRules())
        #expect(counted(a) == 3)
        #expect(a.glitches.map(\.value) == [0, 0])
        #expect(a.intervals.allSatisfy { $0.isCounted })
    }

    @Test func transientSpikeIsExcluded() {
        let a = CounterAnalyzer.analyze(series([100, 101, 99_999, 102, 103]), rules: CounterRules())
        #expect(counted(a) == 3)
        #expect(a.glitches.map(\.value) == [99_999])
        let b = CounterAnalyzer.analyze(series([100, 101, 5_000, 5_001, 102, 103]), rules: CounterRules())
        #expect(counted(b) == 3)
        #expect(b.glitches.map(\.value) == [5_000, 5_001])
    }

    @Test func resetCountsNothingAndContinuesFromTheNewBaseline() {
        let a = CounterAnalyzer.analyze(series([100, 101, 102, 0.5, 1.5, 2.5]), rules: CounterRules(glitchWindow: 2))
        #expect(counted(a) == 4)  // 100→102 and 0.5→2.5; the drop itself is not consumption
        #expect(a.intervals.filter { $0.kind == .reset }.count == 1)
    }

    @Test func rolloverFromTheUpperHalf() {
        let rules = CounterRules(rolloverAt: 100_000)
        let a = CounterAnalyzer.analyze(series([99_990, 99_998, 3, 10]), rules: rules)
        #expect(counted(a) == 20)
        #expect(a.intervals.map(\.kind) == [.normal, .rollover, .normal])
        // A drop from the lower half is not a rollover, whatever the width.
        let b = CounterAnalyzer.analyze(series([40_000, 40_001, 3, 10]), rules: CounterRules(rolloverAt: 100_000, glitchWindow: 1))
        #expect(b.intervals.map(\.kind) == [.normal, .reset, .normal])
    }

    @Test func replacementCountsBothRegisters() {
        let event = CounterReplacement(ms: 2 * msPerMinute, oldFinal: 105, newInitial: 0)
        let a = CounterAnalyzer.analyze(series([100, 102, 4, 6]), rules: CounterRules(), replacements: [event])
        // 100→102, then 102→105 on the old meter + 0→4 on the new one, then 4→6.
        #expect(counted(a) == 2 + 3 + 4 + 2)
        #expect(a.intervals.map(\.kind) == [.normal, .replacement, .normal])
    }

    @Test func gapsAreKeptButMarked() {
        var s = series([100, 101])
        s.append(Sample(ms: 3 * msPerHour, value: 150))
        let a = CounterAnalyzer.analyze(s, rules: CounterRules(maxGapMs: msPerHour))
        #expect(counted(a) == 50)
        #expect(a.intervals.map(\.spansGap) == [false, true])
    }

    @Test func implausibleJumpIsExcludedWhenARateIsConfigured() {
        let rules = CounterRules(maxRatePerHour: 600, glitchWindow: 2)  // at most 10 units a minute
        let a = CounterAnalyzer.analyze(series([100, 105, 1_000_105, 1_000_110, 1_000_115]), rules: rules)
        #expect(counted(a) == 15)
        #expect(a.intervals.filter { $0.kind == .implausibleJump }.count == 1)
    }
}

@Suite struct RollupMathTests {
    @Test func deltasSpreadProRataAcrossQuarterHours() {
        let q = LocalCalendar.quarterMs
        let samples = [Sample(ms: 10 * msPerMinute, value: 0), Sample(ms: 40 * msPerMinute, value: 30)]
        let analysis = CounterAnalyzer.analyze(samples, rules: CounterRules())
        let buckets = RollupMath.counterQuarters(samples: samples, analysis: analysis, from: 0, to: 4 * q)
        #expect(buckets.map(\.value) == [5, 15, 10])
        #expect(buckets.map(\.observedMs) == [5 * msPerMinute, 15 * msPerMinute, 10 * msPerMinute])
    }

    @Test func billsLandExactlyInTheMonthTheyCover() throws {
        let cal = try LocalCalendar(timeZone: "Asia/Taipei")
        let july = cal.startOfDay(CivilDate(year: 2019, month: 7, day: 1))
        let august = cal.startOfDay(CivilDate(year: 2019, month: 8, day: 1))
        let bill = IntervalTotal(startMs: july, endMs: august, value: 1_919_866.7)
        let months = RollupMath.intervalBuckets([bill], calendar: cal, resolution: .month, from: july, to: august)
        #expect(months.map(\.value) == [1_919_866.7])
        #expect(months[0].coverage == 1)
        let days = RollupMath.intervalBuckets([bill], calendar: cal, resolution: .day, from: july, to: august)
        #expect(days.count == 31)
        #expect(CompensatedSum(days.map(\.value)).value == 1_919_866.7)
    }
}
