import Foundation
import MeterwatchCore
import Testing

@testable import MeterwatchEngine

/// CalTRACK's hourly method (time of week and temperature) against opendsm 1.2.7's
/// `HourlyCaltrackModel` on opendsm's simulated hourly sample (`Fixtures/opendsm_hourly.py`).
@Suite struct HourlyModelTests {
    /// `Fixtures/il_hourly_fixture.csv`: hours since 2015-12-27T06:00Z, use (kWh), temperature (°F);
    /// the reporting period starts at hour 8976.
    static func observations() throws -> (baseline: [HourlyObservation], reporting: [HourlyObservation]) {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let text = try String(contentsOf: dir.appendingPathComponent("il_hourly_fixture.csv"), encoding: .utf8)
        let calendar = try LocalCalendar(timeZone: "America/Chicago")
        let start = try TimeParser(calendar: calendar).parseInstant("2015-12-27T06:00:00Z")
        var baseline: [HourlyObservation] = []
        var reporting: [HourlyObservation] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("hour") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 3, let hour = Int64(f[0]), let t = Double(f[2]) else { continue }
            let ms = start + hour * 3_600_000
            let local = calendar.rules.localMs(fromUTC: ms)
            let date = calendar.civilDate(at: ms)
            let hourOfDay = Int((local % msPerDay + msPerDay) % msPerDay / 3_600_000)
            let o = HourlyObservation(
                ms: ms, hourOfWeek: (date.isoWeekday - 1) * 24 + hourOfDay, month: date.month, temperatureF: t, usage: Double(f[1]))
            if hour < 8976 { baseline.append(o) } else { reporting.append(o) }
        }
        return (baseline, reporting)
    }

    static var reference: [String: Any] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "Fixtures/il_opendsm_hourly_reference.json")
        guard let data = try? Data(contentsOf: path), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return [:]
        }
        return json
    }

    /// Tolerances: the savings within opendsm's 90 % uncertainty of its own; the baseline
    /// CV(RMSE) within 5 points (both are ~107 %: the sample is noisy hour by hour).
    @Test func agreesWithOpendsmHourly() throws {
        let (baseline, reporting) = try Self.observations()
        #expect(baseline.count > 8600 && reporting.count > 8600)
        let r = try #require(HourlySavings.compute(baseline: baseline, reporting: reporting))
        #expect(r.model.months.count == 12)
        let theirs = try #require(Self.reference["reporting"] as? [String: Any])
        let savings = try #require(theirs["savings"] as? Double)
        let uncertainty = try #require(theirs["total_savings_uncertainty"] as? Double)
        let ours = r.predicted - r.observed
        #expect(abs(ours - savings) <= uncertainty, "ours \(ours) ± \(r.uncertainty.absolute), opendsm \(savings) ± \(uncertainty)")
        let cv = try #require(Self.reference["baseline_cvrmse"] as? Double)
        #expect(abs(r.statistics.cvrmse - cv) < 0.05, "ours \(r.statistics.cvrmse), opendsm \(cv)")
        // The simulation's truth: 10,000 kWh a year before, 9,000 after, so about 1,000 saved.
        #expect(abs(ours - 1000) <= r.uncertainty.absolute)
    }

    @Test func temperatureBinsMergeFromTheOutsideIn() {
        // No hour below 30 °F and only 5 above 90 °F: the outer bins merge into their neighbours.
        let temps = (0..<500).map { 32 + Double($0 % 58) } + [95, 96, 97, 98, 99]
        let bins = TemperatureBins(temperatures: temps)
        #expect(bins.edges == [45, 55, 65, 75])
        #expect(bins.features(50) == [45, 5, 0, 0, 0])
        #expect(bins.features(95) == [45, 10, 10, 10, 20])
        #expect(bins.features(95).reduce(0, +) == 95)
    }

    @Test func occupancyFollowsTheWeek() throws {
        // Office hours Monday to Friday 08–18 use 10 kWh, other hours 2: those hours are occupied.
        var rows: [(HourlyObservation, Double)] = []
        for week in 0..<8 {
            for h in 0..<168 {
                let office = h / 24 < 5 && (8..<18).contains(h % 24)
                let t = 60 + Double((week * 7 + h) % 11)
                rows.append(
                    (HourlyObservation(ms: Int64(week * 168 + h), hourOfWeek: h, month: 1, temperatureF: t, usage: office ? 10 : 2), 1))
            }
        }
        let occupied = TimeOfWeekModel.occupancy(rows)
        #expect(occupied.filter { $0 }.count == 50)
        #expect(occupied[8] && !occupied[7] && !occupied[5 * 24 + 9])
    }
}
