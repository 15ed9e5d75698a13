import Foundation
import Testing
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchStore
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
        let r = try TemperatureImporter(store: site.store).importData(Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        #expect(r.report.inserted == 36)
        let series = try #require(try site.store.series(SeriesKey(meter: "weather:466920", quantity: .temperature)))
        let means = try DailyTemperature.means(store: site.store, series: series.id, from: CivilDate(year: 2025, month: 7, day: 1), to: CivilDate(year: 2025, month: 7, day: 4))
        #expect(abs(means[CivilDate(year: 2025, month: 7, day: 1)]! - 30) < 1e-12)
        #expect(means[CivilDate(year: 2025, month: 7, day: 2)] == nil)
        #expect(abs(means[CivilDate(year: 2025, month: 7, day: 3)]! - 25) < 1e-12)
        // Re-importing changes nothing.
        let again = try TemperatureImporter(store: site.store).importData(Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        #expect(again.report.inserted == 0 && again.report.unchanged == 36)
    }

    @Test func badRowsNameTheLineAndStoreNothing() throws {
        let site = try TestSite(TestSite.cityHall)
        let csv = "time,temperature_c\n2025-07-01T00:00:00+08:00,28.5\n2025-07-01T01:00:00+08:00,hot\n2025-07-01T02:00:00+08:00,85\n"
        #expect(throws: InputError.self) {
            try TemperatureImporter(store: site.store).importData(Data(csv.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        }
        do {
            _ = try TemperatureImporter(store: site.store).importData(Data(csv.utf8), file: "w.csv", station: "466920", scale: nil, skipInvalid: false)
            Issue.record("accepted a non-number")
        } catch let e as ImportFailure {
            #expect(e.errors.map(\.line) == [3, 4])
            #expect(e.description.contains("w.csv:3") && e.description.contains("not a number"))
            #expect(e.description.contains("w.csv:4") && e.description.contains("plausible"))
        }
        #expect(try site.store.series(SeriesKey(meter: "weather:466920", quantity: .temperature)) == nil)
        #expect(throws: InputError.self) {
            try TemperatureImporter(store: site.store).importData(Data("time,temperature_f\n".utf8), file: "w.csv", station: "x", scale: .celsius, skipInvalid: false)
        }
    }
}

@Suite struct SavingsEngineTests {
    /// Two years of daily counters following 400 kWh + 25 kWh per CDD(18 °C), with deterministic
    /// noise; from the second year the building uses 15 % less. Temperatures hourly.
    func site() throws -> TestSite {
        let site = try TestSite("""
            site: { name: Test, timezone: Asia/Taipei }
            meters:
              - { id: hall, category: electricity, unit: kWh, tags: [main], max_gap: 25h }
            """)
        var readings = "meter,time,value\n", weather = "station,time,temperature_c\n"
        var counter = 10_000.0
        let start = CivilDate(year: 2024, month: 1, day: 1)
        for d in 0..<731 {
            let day = start.adding(days: d)
            let mean = 23 - 7 * cos(2 * .pi * Double(d - 20) / 365.25) + 2 * sin(Double(d) * 1.7)
            for h in 0..<24 { weather += "466920,\(day)T\(h < 10 ? "0" : "")\(h):00:00+08:00,\(mean + 3 * sin(2 * .pi * Double(h - 9) / 24))\n" }
            readings += "hall,\(day),\(counter)\n"
            var use = 400 + 25 * max(0, mean - 18) + 20 * sin(Double(d) * 2.3)
            if day >= CivilDate(year: 2025, month: 1, day: 1) { use *= 0.85 }
            counter += use
        }
        readings += "hall,\(start.adding(days: 731)),\(counter)\n"
        try site.importReadings(readings)
        _ = try TemperatureImporter(store: site.store).importData(Data(weather.utf8), file: "w.csv", station: nil, scale: nil, skipInvalid: false)
        return site
    }

    @Test func recoversAPlantedSavingWithinItsUncertainty() throws {
        let site = try site()
        let r = try SavingsEngine(comparison: site.engine).savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
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
        let f = try SavingsEngine(comparison: site.engine, options: .init(unit: .fahrenheit)).savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        #expect(abs(f.savings - r.savings) / r.savings < 1e-9)
    }

    @Test func insufficientBaselinesAndMissingTemperaturesAreExplained() throws {
        let site = try site()
        let short = try SavingsEngine(comparison: site.engine).savings(.meter("hall"), baseline: try Period.parse("2024H2"), reporting: try Period.parse("2025"))
        #expect(!short.sufficiency.sufficient)
        #expect(short.sufficiency.reasons.contains { $0.contains("184 days") })
        #expect(throws: EngineError.self) {
            try SavingsEngine(comparison: site.engine, options: .init(temperatureMeter: "weather:999")).savings(.meter("hall"), baseline: try Period.parse("2024"), reporting: try Period.parse("2025"))
        }
    }
}
