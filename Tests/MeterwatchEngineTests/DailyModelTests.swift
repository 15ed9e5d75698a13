import Foundation
import Testing

@testable import MeterwatchEngine

/// The shared CalTRACK fixture: (baseline, reporting) days with usage in kWh and temperature in °F.
func caltrackFixture() throws -> (baseline: [DailyObservation], reporting: [DailyObservation]) {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/il_daily_fixture.csv").path
    var base: [DailyObservation] = []
    var rep: [DailyObservation] = []
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let d = DailyObservation(day: f[0], usage: Double(f[1]), temperature: Double(f[2]))
        if f[3] == "baseline" { base.append(d) } else { rep.append(d) }
    }
    return (base, rep)
}

func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }

@Suite struct DailyModelTests {
    @Test func oneDegreeFahrenheitGridReproducesTheReference() throws {
        let (base, rep) = try caltrackFixture()
        let r = try #require(AvoidedEnergyUse.compute(baseline: base, reporting: rep, options: .init(unit: .fahrenheit)))
        #expect(r.model.kind == .heatingAndCooling)
        #expect(r.model.heatingBalancePoint == 53 && r.model.coolingBalancePoint == 67)
        #expect(r.candidates == 1544)
        #expect(relativeError(r.model.intercept, 12.941694285872302) < 1e-9)
        #expect(relativeError(r.model.heatingSlope!, 1.1358148300435258) < 1e-9)
        #expect(relativeError(r.model.coolingSlope!, 2.353737175467804) < 1e-9)
        #expect(relativeError(r.model.adjustedR2, 0.774857262056271) < 1e-9)
        #expect(r.baselineDays == 365 && r.reportingDays == 365)
        #expect(relativeError(r.reportingPredicted, 9918.46948817344) < 1e-9)
        #expect(relativeError(r.reportingObserved, 9082.24) < 1e-12)
        #expect(relativeError(r.savings, 836.2294881734397) < 1e-6)
        #expect(relativeError(r.savingsPercent, 8.431033529624111) < 1e-6)
        #expect(relativeError(r.baseline.cvrmse, 0.2511284380876789) < 1e-9)
        #expect(relativeError(r.baseline.rho1, -0.00713797146136172) < 1e-6)
        #expect(relativeError(r.baseline.effectiveN, 370.2481805296387) < 1e-9)
        #expect(relativeError(r.uncertainty.t, 1.649073792340144) < 1e-9)
        #expect(relativeError(r.uncertainty.k, 1.3925) < 1e-12)
        #expect(r.uncertainty.months == 12)
        #expect(relativeError(r.uncertainty.absolute, 298.0569202401123) < 1e-6)
        #expect(relativeError(r.uncertainty.fractional!, 0.35642957400504066) < 1e-6)
        #expect(abs(r.baseline.nmbe) < 1e-12)
    }

    @Test func threeDegreeGridReproducesTheReference() throws {
        let (base, rep) = try caltrackFixture()
        let grid = stride(from: 30.0, through: 90.0, by: 3).map { $0 }
        let r = try #require(AvoidedEnergyUse.compute(baseline: base, reporting: rep, options: .init(unit: .fahrenheit, grid: grid)))
        #expect(r.model.heatingBalancePoint == 54 && r.model.coolingBalancePoint == 66)
        #expect(r.candidates == 210)
        #expect(relativeError(r.model.intercept, 12.154409087777449) < 1e-9)
        #expect(relativeError(r.model.heatingSlope!, 1.1215514029961513) < 1e-9)
        #expect(relativeError(r.model.coolingSlope!, 2.2240318095042406) < 1e-9)
        #expect(relativeError(r.savings, 853.8472724536095) < 1e-6)
    }

    /// The same data in °C on the converted grid gives the same fit and the same savings.
    @Test func celsiusGivesTheSameSavings() throws {
        let (base, rep) = try caltrackFixture()
        func toC(_ d: [DailyObservation]) -> [DailyObservation] {
            d.map { DailyObservation(day: $0.day, usage: $0.usage, temperature: $0.temperature.map { ($0 - 32) * 5 / 9 }) }
        }
        let f = try #require(AvoidedEnergyUse.compute(baseline: base, reporting: rep, options: .init(unit: .fahrenheit)))
        let c = try #require(AvoidedEnergyUse.compute(baseline: toC(base), reporting: toC(rep), options: .init(unit: .celsius)))
        #expect(relativeError(c.savings, f.savings) < 1e-9)
        #expect(relativeError(c.model.coolingSlope!, f.model.coolingSlope! * 9 / 5) < 1e-9)
        #expect(abs(c.model.coolingBalancePoint! - (67 - 32) * 5 / 9) < 1e-9)
        #expect(relativeError(c.uncertainty.absolute, f.uncertainty.absolute) < 1e-9)
    }

    /// The default configuration lands within opendsm 1.2.7's 90 % uncertainty band.
    @Test func withinTheOpendsmUncertaintyBand() throws {
        let (base, rep) = try caltrackFixture()
        func toC(_ d: [DailyObservation]) -> [DailyObservation] {
            d.map { DailyObservation(day: $0.day, usage: $0.usage, temperature: $0.temperature.map { ($0 - 32) * 5 / 9 }) }
        }
        let r = try #require(AvoidedEnergyUse.compute(baseline: toC(base), reporting: toC(rep), options: .init(unit: .celsius)))
        #expect(abs(r.savings - 923.4085276882961) <= 297.3879480235331)  // opendsm "current"
        #expect(abs(r.savings - 905.69) <= 302)  // opendsm "legacy"
        #expect(r.savingsPercent > 5 && r.savingsPercent < 15)  // simulation truth: 10 %
    }

    @Test func interceptOnlyWhenTemperatureExplainsNothing() throws {
        // Usage alternates regardless of a temperature sweep: every slope fit is worse than the mean.
        let t = (0..<365).map { 40 + 40 * sin(Double($0) / 58) }
        let y = (0..<365).map { $0 % 2 == 0 ? 20.0 : 22.0 }
        let fit = try #require(DailyModelFitter.fit(usage: y, temperature: t, options: .init(unit: .fahrenheit)))
        #expect(fit.model.kind == .interceptOnly || fit.model.adjustedR2 < 0.01)
        #expect(abs(fit.model.predict(temperature: 50) - 21) < 0.1)
    }

    @Test func studentTQuantiles() {
        #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: 10) - 2.2281388519649385) < 1e-9)
        #expect(abs(StudentT.quantile(0.95, degreesOfFreedom: 1) - 6.313751514675041) < 1e-9)
        #expect(abs(StudentT.quantile(0.5, degreesOfFreedom: 5)) < 1e-7)
    }
}
