import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchStore
import Testing

@testable import MeterwatchEngine

@Suite struct TemperatureImportTests {
    @Test func fahrenheitHourlyFileBecomesCelsiusDailyMeansWithCoverage() throws {
        let site = try TestSite(TestSite.cityHall)
        // 2025-07-01: 24 hourly readings at 86 °F (30 °C); 2025-07-02: only 11 hours (below half a day);
        // 2025-07-03: one daily value at local midnight.
        var csv = "station,time,temperature (°F)\n"
        for h in 0..<24 { csv += "466920,2025-07-01T\(h < 10 ? "0" : "")\(h):00:00+08:00,86\n" }
        for h in 0..<11 { csv += "466920,2025-07-02T\(h < 10 ? "0" : "")\(h):00:00+08:00,80.6\n" }
        csv += "466920,2025-07-03,77\n"
        let r = try TemperatureImporter(store: site.store).importData(
            Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        #expect(r.report.inserted == 36)
        let series = try #require(try site.store.series(SeriesKey(meter: "weather:466920", quantity: .temperature)))
        let means = try DailyTemperature.means(
            store: site.store, series: series.id, from: CivilDate(year: 2025, month: 7, day: 1), to: CivilDate(year: 2025, month: 7, day: 4)
        )
        #expect(abs(means[CivilDate(year: 2025, month: 7, day: 1)]! - 30) < 1e-12)
        #expect(means[CivilDate(year: 2025, month: 7, day: 2)] == nil)
        #expect(abs(means[CivilDate(year: 2025, month: 7, day: 3)]! - 25) < 1e-12)
        // Re-importing changes nothing.
        let again = try TemperatureImporter(store: site.store).importData(
            Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        #expect(again.report.inserted == 0 && again.report.unchanged == 36)
    }

    @Test func badRowsNameTheLineAndStoreNothing() throws {
        let site = try TestSite(TestSite.cityHall)
        let csv = "time,temperature_c\n2025-07-01T00:00:00+08:00,28.5\n2025-07-01T01:00:00+08:00,hot\n2025-07-01T02:00:00+08:00,85\n"
        #expect(throws: InputError.self) {
            try TemperatureImporter(store: site.store).importData(
                Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        }
        do {
            _ = try TemperatureImporter(store: site.store).importData(
                Data(csv.utf8), file: "w.csv", station: "466920", scale: nil, skipInvalid: false)
            Issue.record("accepted a non-number")
        } catch let e as ImportFailure {
            #expect(e.errors.map(\.line) == [3, 4])
            #expect(e.description.contains("w.csv:3") && e.description.contains("not a number"))
            #expect(e.description.contains("w.csv:4") && e.description.contains("plausible"))
        }
        #expect(try site.store.series(SeriesKey(meter: "weather:466920", quantity: .temperature)) == nil)
        #expect(throws: InputError.self) {
            try TemperatureImporter(store: site.store).importData(
                Data("time,temperature_f\n".utf8), file: "w.csv", station: "x", scale: .celsius, skipInvalid: false)
        }
    }
}

@Suite struct SavingsEngineTests {
    /// Two years of daily counters following 400 kWh + 25 kWh per CDD(18 °C), with deterministic
    /// noise; from the second year the building uses 15 % less. Temperatures hourly.
    func site(_ backend: Backend = .sqlite) throws -> TestSite {
        try Self.site(backend)
    }

    /// Two years of a hall's daily counter readings, the same use billed monthly, and hourly weather.
    static func site(_ backend: Backend) throws -> TestSite {
        let site = try TestSite(
            """
            site: { name: Test, timezone: Asia/Taipei }
            meters:
              - { id: hall, category: electricity, unit: kWh, tags: [main], max_gap: 25h }
              - { id: hall-bill, category: electricity, unit: kWh, tags: [bill] }
              - { id: outdoor, category: temperature, unit: degC }
            """, backend: backend)
        var readings = "meter,time,value\n"
        var weather = "station,time,temperature_c\n"
        var counter = 10_000.0
        var billed = 0.0
        var bills = "meter,start,end,value\n"
        let start = CivilDate(year: 2024, month: 1, day: 1)
        var billStart = start
        for d in 0..<731 {
            let day = start.adding(days: d)
            let mean = 23 - 7 * cos(2 * .pi * Double(d - 20) / 365.25) + 2 * sin(Double(d) * 1.7)
            for h in 0..<24 {
                weather += "466920,\(day)T\(h < 10 ? "0" : "")\(h):00:00+08:00,\(mean + 3 * sin(2 * .pi * Double(h - 9) / 24))\n"
            }
            readings += "hall,\(day),\(counter)\n"
            var use = 400 + 25 * max(0, mean - 18) + 20 * sin(Double(d) * 2.3)
            if day >= CivilDate(year: 2025, month: 1, day: 1) { use *= 0.85 }
            counter += use
            // The same use billed monthly, read on the 1st.
            billed += use
            if day.adding(days: 1).day == 1 {
                bills += "hall-bill,\(billStart),\(day.adding(days: 1)),\(billed)\n"
                billed = 0
                billStart = day.adding(days: 1)
            }
        }
        try site.importReadings(bills)
        readings += "hall,\(start.adding(days: 731)),\(counter)\n"
        try site.importReadings(readings)
        _ = try TemperatureImporter(store: site.store).importData(
            Data(weather.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        return site
    }

    @Test(arguments: Backend.allCases) func recoversAPlantedSavingWithinItsUncertainty(_ backend: Backend) throws {
        let site = try site(backend)
        let r = try SavingsEngine(comparison: try site.engine).savings(
            .meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(r.model.kind == .coolingOnly || (r.model.kind == .heatingAndCooling && (r.model.heatingSlope ?? 0) < 2))
        #expect(abs(try #require(r.model.coolingSlope) - 25) < 2)
        #expect(abs(try #require(r.model.coolingBalancePoint) - 18) < 1.2)
        #expect(r.sufficiency.sufficient)
        #expect(r.statistics.r2 > 0.9)
        // The planted saving: 15 % of what the baseline behaviour would have used in 2025.
        #expect(abs(r.savingsPercent - 15) < 1.5)
        #expect(abs(r.savings - r.reportingPredicted * 0.15) < r.uncertainty.absolute)
        #expect(r.points.filter { $0.period == "baseline" }.count == 366)
        // The same in °F.
        let f = try SavingsEngine(comparison: try site.engine, options: .init(unit: .fahrenheit)).savings(
            .meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(abs(f.savings - r.savings) / r.savings < 1e-9)
    }

    @Test func insufficientBaselinesAndMissingTemperaturesAreExplained() throws {
        let site = try site()
        let short = try SavingsEngine(comparison: try site.engine).savings(
            .meter("hall"), baseline: try Period.parse("2024H2"), reporting: try Period.parse("2025"))
        #expect(!short.sufficiency.sufficient)
        #expect(short.sufficiency.reasons.contains(.baselineShort(days: 184)))
        #expect(throws: EngineError.self) {
            try SavingsEngine(comparison: try site.engine, options: .init(temperatureMeter: "weather:999")).savings(
                .meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        }
    }

    @Test(arguments: Backend.allCases) func billingMethodOnMonthlyBillsRecoversTheSaving(_ backend: Backend) throws {
        let site = try site(backend)
        let engine = SavingsEngine(comparison: try site.engine)
        let r = try engine.savings(.meter("hall-bill"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(r.method == .billing)
        #expect(r.statistics.n == 12 && r.points.count == 24)
        #expect(r.points.allSatisfy { $0.days >= 28 && $0.days <= 31 })
        #expect(r.sufficiency.sufficient && r.excluded.isEmpty)
        // Bills average the degree days over a month, so the slope is looser than the daily fit's.
        let slope = try #require(r.model.coolingSlope)
        #expect(abs(slope - 25) < 4)
        #expect(abs(r.savingsPercent - 15) < 1.5)
        #expect(abs(r.savings - r.reportingPredicted * 0.15) < r.uncertainty.absolute)
        // The uncertainty uses the billing K polynomial and m = 12 bills.
        #expect(abs(r.uncertainty.k - SavingsUncertainty.kFactor(months: 12, frequency: .billing)) < 1e-15)
        // The daily counters, grouped into calendar months, give the same bills and the same fit.
        let months = try SavingsEngine(comparison: try site.engine, options: .init(method: .billing))
            .savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(months.method == .billing && months.statistics.n == 12)
        #expect(abs(months.savings - r.savings) / r.savings < 1e-6)
        // Bills cannot be read as daily data.
        #expect(throws: EngineError.self) {
            try SavingsEngine(comparison: try site.engine, options: .init(method: .daily))
                .savings(.meter("hall-bill"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        }
    }

    @Test func offCycleBillsAndBillsWithoutTemperaturesAreLeftOutWithReasons() throws {
        let site = try TestSite(
            """
            site: { name: Test, timezone: Asia/Taipei }
            meters:
              - { id: bill, category: electricity, unit: kWh }
            """)
        // 14 monthly bills, then an off-cycle read (10 days), and temperatures missing in 2024-03.
        var bills = "meter,start,end,value\n"
        var weather = "station,time,temperature_c\n"
        let start = CivilDate(year: 2024, month: 1, day: 1)
        for i in 0..<14 {
            let s = start.adding(months: i)
            let e = s.adding(months: 1)
            bills += "bill,\(s),\(e),\(Double(e.daysSinceEpoch - s.daysSinceEpoch) * (300 + 10 * Double(i % 6)))\n"
        }
        bills += "bill,2025-03-01,2025-03-11,3000\n"
        for d in 0..<440 {
            let day = start.adding(days: d)
            if day.year == 2024 && day.month == 3 { continue }
            weather += "466920,\(day),\(20 + 8 * sin(Double(d) / 58))\n"
        }
        try site.importReadings(bills)
        _ = try TemperatureImporter(store: site.store).importData(
            Data(weather.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        let r = try SavingsEngine(comparison: try site.engine).savings(
            .meter("bill"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025-01-01..2025-03-31"))
        let excluded = r.excluded.map { $0.text(.en) }
        #expect(excluded.contains { $0.hasPrefix("2024-03-01..2024-03-31") && $0.contains("temperatures on 0 of 31 days") })
        #expect(excluded.contains { $0.hasPrefix("2025-03-01..2025-03-10") && $0.contains("10 days") })
        #expect(r.statistics.n == 11)
        // March's 31 days are missing from the baseline: 8.5 %, within CalTRACK's 10 %.
        #expect(abs(r.sufficiency.missingFraction - 31.0 / 366) < 1e-12)
        #expect(r.sufficiency.sufficient)
    }

    @Test func weightedFitWeighsBillsByTheirDays() throws {
        // No balance point qualifies (empty grid): the intercept-only model is the day-weighted
        // mean of usage per day, Σ usage / Σ days, not the mean of the bills' rates.
        let periods = [
            ModelPeriod(start: "2024-01-01", days: 30, usage: 3000, temperatures: [20]),
            ModelPeriod(start: "2024-01-31", days: 60, usage: 12000, temperatures: [21]),
            ModelPeriod(start: "2024-03-31", days: 30, usage: 4500, temperatures: [22]),
        ]
        var options = DailyModelFitter.Options(unit: .celsius, grid: [], frequency: .billing)
        let fit = try #require(DailyModelFitter.fit(periods: periods, options: options))
        #expect(fit.model.kind == .interceptOnly)
        #expect(abs(fit.model.intercept - 19500.0 / 120) < 1e-12)
        // Exact data: usage per day = 100 + 10 × CDD(18 °C) averaged over each bill's days.
        let temps: [[Double]] = [[15, 17, 19, 21], [22, 24], [16, 16, 18], [25, 27, 29], [20, 18, 17, 23, 24], [12, 14]]
        let exact = temps.enumerated().map { i, ts in
            ModelPeriod(
                start: "x", days: ts.count,
                usage: Double(ts.count) * (100 + 10 * ts.map { max($0 - 18, 0) }.reduce(0, +) / Double(ts.count)), temperatures: ts)
        }
        options = DailyModelFitter.Options(unit: .celsius, grid: [16, 17, 18, 19, 20], frequency: .billing)
        options.minimumTotalDegreeDays = 0
        let m = try #require(DailyModelFitter.fit(periods: exact, options: options)).model
        #expect(m.kind == .coolingOnly && m.coolingBalancePoint == 18)
        let slope = try #require(m.coolingSlope)
        #expect(abs(m.intercept - 100) < 1e-9 && abs(slope - 10) < 1e-9)
        #expect(abs(m.r2 - 1) < 1e-12)
    }

    @Test(arguments: Backend.allCases) func normalisedSavingsOverATypicalYear(_ backend: Backend) throws {
        let site = try site(backend)
        // A typical year: the seasonal cycle without the day-to-day anomalies, stored as daily values.
        var tmy = "station,time,temperature_c\n"
        let y = CivilDate(year: 2023, month: 1, day: 1)
        for d in 0..<365 { tmy += "tmy,\(y.adding(days: d)),\(23 - 7 * cos(2 * .pi * Double(d - 20) / 365.25))\n" }
        _ = try TemperatureImporter(store: site.store).importData(
            Data(tmy.utf8), file: "tmy.csv", station: nil, scale: nil, skipInvalid: false)
        let engine = SavingsEngine(comparison: try site.engine, options: .init(normalYearMeter: "weather:tmy"))
        // The typical year does not count as "the" temperature series.
        let r = try engine.savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(r.temperatureMeter == "weather:466920")
        let n = try #require(r.normalized)
        #expect(n.days == 365)
        // Both years behave like 400 + 25·CDD(18), the second 15 % lower: the normalised saving is 15 %.
        #expect(abs(n.savingsPercent - 15) < 1)
        #expect(n.uncertainty > 0 && n.uncertainty < abs(n.savings))
        let slope = try #require(n.reportingModel.coolingSlope)
        #expect(abs(slope - 25 * 0.85) < 2)
        #expect(throws: EngineError.self) {
            try SavingsEngine(comparison: try site.engine, options: .init(normalYearMeter: "weather:none")).savings(
                .meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        }
    }

    /// Utilities' AMI downloads: one-day interval totals (`meter,start,end,value`) are daily data.
    /// `auto` fits them with the daily method and gets the counter readings' result; 15-minute
    /// interval totals of the same use do too.
    @Test func dailyIntervalTotalsAreDailyData() throws {
        let site = try TestSite(
            """
            site: { name: Test, timezone: Asia/Taipei }
            meters:
              - { id: hall, category: electricity, unit: kWh, max_gap: 25h }
              - { id: ami, category: electricity, unit: kWh }
              - { id: ami15, category: electricity, unit: kWh }
            """)
        var readings = "meter,time,value\n"
        var intervals = "meter,start,end,value\n"
        var weather = "station,time,temperature_c\n"
        var counter = 0.0
        let start = CivilDate(year: 2024, month: 1, day: 1)
        for d in 0..<731 {
            let day = start.adding(days: d)
            let mean = 23 - 7 * cos(2 * .pi * Double(d - 20) / 365.25) + 2 * sin(Double(d) * 1.7)
            for h in 0..<24 {
                weather += "466920,\(day)T\(h < 10 ? "0" : "")\(h):00:00+08:00,\(mean)\n"
            }
            var use = 400 + 25 * max(0, mean - 18) + 20 * sin(Double(d) * 2.3)
            if day >= CivilDate(year: 2025, month: 1, day: 1) { use *= 0.85 }
            readings += "hall,\(day),\(counter)\n"
            intervals += "ami,\(day),\(day.adding(days: 1)),\(use)\n"
            for q in 0..<96 where d < 60 || d >= 366 && d < 426 {
                let a = "\(day)T\(String(format: "%02d:%02d", q / 4, q % 4 * 15)):00+08:00"
                let b = q == 95 ? "\(day.adding(days: 1))" : "\(day)T\(String(format: "%02d:%02d", (q + 1) / 4, (q + 1) % 4 * 15)):00+08:00"
                intervals += "ami15,\(a),\(b),\(use / 96)\n"
            }
            counter += use
        }
        readings += "hall,\(start.adding(days: 731)),\(counter)\n"
        try site.importReadings(readings)
        try site.importReadings(intervals)
        _ = try TemperatureImporter(store: site.store).importData(
            Data(weather.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        let engine = SavingsEngine(comparison: try site.engine)
        let (baseline, reporting) = (try Period.parse("2024"), try Period.parse("2025"))
        let counters = try engine.savings(.meter("hall"), baseline: baseline, reporting: reporting)
        let ami = try engine.savings(.meter("ami"), baseline: baseline, reporting: reporting)
        #expect(ami.method == .daily && counters.method == .daily)
        #expect(ami.statistics.n == 366 && ami.reportingDays == 365)
        #expect(abs(ami.savings - counters.savings) <= 1e-6 * abs(counters.savings), "\(ami.savings) vs \(counters.savings)")
        #expect(abs(ami.model.intercept - counters.model.intercept) < 1e-6)
        // 15-minute intervals over two months of each year: daily data too.
        let quarter = try engine.savings(
            .meter("ami15"), baseline: try Period.parse("2024-01-01..2024-02-29"), reporting: try Period.parse("2025-01-01..2025-03-01"))
        #expect(quarter.method == .daily && quarter.statistics.n == 60)
    }

    @Test(arguments: Backend.allCases) func reportShowsRawAndWeatherAdjustedChangeSideBySide(_ backend: Backend) throws {
        let site = try site(backend)
        let report = try ReportBuilder(engine: try site.engine).build(
            period: try Period.parse("2025"), against: .previousYear, language: .en)
        #expect(report.weatherBaseline == "2024")
        let row = try #require(report.rows.first { $0.category == .electricity })
        let w = try #require(row.weatherAdjusted)
        // The same numbers as `meterwatch savings` on the category, with the raw change's sign.
        let direct = try SavingsEngine(comparison: try site.engine).savings(
            .category(.electricity), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(w.change == -direct.savings && w.uncertainty == direct.uncertainty.absolute)
        #expect(abs(w.changePercent + 15) < 1.5)
        let md = ReportRenderer.markdown(report)
        #expect(md.contains("| Weather-adjusted change |"))
        #expect(
            md.contains(
                DisplayFormat.number(w.change, decimals: 0, explicitPlus: true) + " ± " + DisplayFormat.number(w.uncertainty, decimals: 0)))
        #expect(md.contains("Negative means saved"))
        let csv = ReportRenderer.csv(report)
        #expect(csv.contains(",\(w.change),\(w.uncertainty)\r\n"))
        let zh = try ReportBuilder(engine: try site.engine).build(period: try Period.parse("2025"), against: .previousYear, language: .zhTW)
        #expect(ReportRenderer.cells(zh).header.contains("氣候調整後增減"))
        // A fixed M&V baseline can be given; a half-year baseline is flagged.
        let fixed = try ReportBuilder(engine: try site.engine).build(
            period: try Period.parse("2025"), against: .previousYear, language: .en,
            weatherBaseline: try Period.parse("2024H2"))
        #expect(fixed.weatherBaseline == "2024H2")
        #expect(
            fixed.rows.first { $0.category == .electricity }?.warnings.contains { $0.text(.en).contains("baseline insufficient") } == true)
    }

    @Test func reportWithoutTemperaturesHasNoWeatherColumn() throws {
        let site = try TestSite(
            """
            site: { name: Test, timezone: Asia/Taipei }
            meters:
              - { id: hall, category: electricity, unit: kWh }
            """)
        try site.importReadings("meter,time,value\nhall,2024-01-01,0\nhall,2025-01-01,1000\nhall,2026-01-01,1900\n")
        let report = try ReportBuilder(engine: try site.engine).build(
            period: try Period.parse("2025"), against: .previousYear, language: .en)
        #expect(report.weatherBaseline == nil && report.rows.allSatisfy { $0.weatherAdjusted == nil })
        #expect(!ReportRenderer.markdown(report).contains("Weather-adjusted"))
    }

    @Test func aPolledTemperatureSensorWorksLikeTheWeatherStation() throws {
        let site = try site()
        // The outdoor sensor as the collector stores it: a gauge every 5 minutes, wobbling ±0.25 °C
        // around the station's hourly value, so each hour has the station's mean.
        var samples: [Sample] = []
        samples.reserveCapacity(731 * 24 * 12)
        let start = site.store.calendar.startOfDay(CivilDate(year: 2024, month: 1, day: 1))
        for d in 0..<731 {
            let mean = 23 - 7 * cos(2 * .pi * Double(d - 20) / 365.25) + 2 * sin(Double(d) * 1.7)
            for h in 0..<24 {
                let hourly = mean + 3 * sin(2 * .pi * Double(h - 9) / 24)
                for k in 0..<12 {
                    samples.append(
                        Sample(
                            ms: start + Int64(d) * msPerDay + Int64(h) * msPerHour + Int64(k) * 5 * msPerMinute,
                            value: hourly + (k % 2 == 0 ? 0.25 : -0.25)))
                }
            }
        }
        try site.store.ingest(samples: [
            SeriesSpec(key: SeriesKey(meter: "outdoor", quantity: .temperature), kind: .gauge, unit: "degC"): samples
        ])
        let station = try SavingsEngine(comparison: try site.engine, options: .init(temperatureMeter: "weather:466920"))
            .savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        let sensor = try SavingsEngine(comparison: try site.engine, options: .init(temperatureMeter: "outdoor"))
            .savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(sensor.temperatureMeter == "outdoor" && sensor.statistics.n == 366)
        #expect(sensor.model.coolingBalancePoint == station.model.coolingBalancePoint)
        #expect(abs(sensor.savings - station.savings) / station.savings < 1e-9)
        // Two temperature series and no choice: the engine asks which.
        #expect(throws: EngineError.self) {
            try SavingsEngine(comparison: try site.engine).savings(
                .meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        }
    }
}
