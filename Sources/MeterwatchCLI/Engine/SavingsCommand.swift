import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchEngine

struct SavingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: "Weather-normalised savings: a CalTRACK daily baseline model projected into the reporting period.",
        discussion: """
            Fits usage per day = intercept + β_H·HDD(bp_H) + β_C·CDD(bp_C) on the baseline period (intercept-only,
            cooling-only, heating-only, heating+cooling; balance points on CalTRACK's grid, 30–90 °F converted to °C;
            non-negative slopes; best adjusted R²), then reports avoided energy use (counterfactual − metered) over the
            reporting period with its ASHRAE Guideline 14 uncertainty (lag-1 autocorrelation, effective n, K polynomial,
            Student's t at --confidence). Temperatures come from `meterwatch import temperature`.
            Bills (interval totals from `meterwatch import readings`) use CalTRACK's billing method: usage per day of
            each bill against degree days averaged over its days, weighted by its days; bills of 25–70 days with
            temperatures on at least 90 % of their days. --method billing on daily data uses calendar months.
            --normal-year METER adds normalised savings over a typical year's temperatures stored on METER.
            Tables round kWh to whole units and percentages to 2 decimals; JSON is exact.
            """)

    @OptionGroup var site: SiteOptions
    @OptionGroup var select: SelectionOptions
    @Option(help: "Baseline period (e.g. 2024-11-01..2025-10-31; 365 days recommended).") var baseline: String
    @Option(help: "Reporting period.") var reporting: String
    @Option(help: "Temperature meter (weather:<station>); default: the only one stored.") var temperature: String?
    @Option(help: "Balance-point unit.") var unit: TemperatureUnit = .celsius
    @Option(help: "Balance-point grid FROM:TO:STEP in --unit (default: CalTRACK's 30–90 °F by 1 °F).") var grid: String?
    @Option(help: "Two-sided confidence of the uncertainty.") var confidence: Double = 0.90
    @Option(help: "auto: billing for imported bills, daily otherwise.") var method: SavingsEngine.Method = .auto
    @Option(name: .customLong("normal-year"), help: "Temperature meter holding a typical year, for normalised savings.") var normalYear:
        String?
    @Option(help: "Output format.") var format: TableOrJSON = .table
    @Option(help: "Language of notes.") var lang: Language = .en

    func run() throws {
        let site = try self.site.open()
        guard confidence >= 0.5 && confidence < 1 else {
            throw CLIError.badOption("--confidence", "expected a value from 0.5 to below 1 (e.g. 0.90)")
        }
        var gridValues: [Double]?
        if let grid {
            let parts = grid.split(separator: ":").compactMap { Double($0) }
            guard parts.count == 3, parts.allSatisfy(\.isFinite), parts[2] > 0, parts[0] < parts[1],
                (parts[1] - parts[0]) / parts[2] <= 10_000
            else {
                throw CLIError.badOption("--grid", "expected FROM:TO:STEP with at most 10,000 steps, e.g. 0:32:0.5")
            }
            gridValues = stride(from: parts[0], through: parts[1] + 1e-9, by: parts[2]).map { $0 }
        }
        let baseline: Period
        let reporting: Period
        do { baseline = try Period.parse(self.baseline) } catch { throw CLIError.badOption("--baseline", error.description) }
        do { reporting = try Period.parse(self.reporting) } catch { throw CLIError.badOption("--reporting", error.description) }
        let options = SavingsEngine.Options(
            temperatureMeter: temperature, unit: unit, grid: gridValues, confidence: confidence, method: method, normalYearMeter: normalYear
        )
        let engine = SavingsEngine(comparison: try site.engine(), options: options)
        if method == .hourly {
            let result = try engine.hourlySavings(try select.selection(), baseline: baseline, reporting: reporting)
            switch format {
            case .json: print(try JSONOutput.text(result, language: lang))
            case .table: print(Self.hourlyTable(result, lang))
            }
            return
        }
        let result = try engine.savings(try select.selection(), baseline: baseline, reporting: reporting)
        switch format {
        case .json: print(try JSONOutput.text(result, language: lang))
        case .table: print(Self.table(result, lang))
        }
    }

    /// The rows both savings tables share: counterfactual, metered, avoided use and its uncertainty.
    static func savingsRows(
        predicted: Double, observed: Double, savings: Double, percent: Double, confidence: Double, uncertainty: Double
    ) -> [[String]] {
        func n(_ v: Double, _ d: Int = 0, plus: Bool = false) -> String { DisplayFormat.number(v, decimals: d, explicitPlus: plus) }
        return [
            ["counterfactual (baseline model, reporting weather)", n(predicted)],
            ["metered", n(observed)],
            ["avoided energy use", n(savings, plus: true)],
            ["  as % of counterfactual", n(percent, 2) + " %"],
            ["  uncertainty (\(n(confidence * 100, 0)) % confidence)", "± " + n(uncertainty)],
        ]
    }

    static func hourlyTable(_ r: HourlySavings, _ lang: Language) -> String {
        func n(_ v: Double, _ d: Int = 0, plus: Bool = false) -> String { DisplayFormat.number(v, decimals: d, explicitPlus: plus) }
        let s = r.statistics
        var lines = [
            "\(r.selection): weather-normalised savings, baseline \(r.baselinePeriod), reporting \(r.reportingPeriod), temperatures "
                + "\(r.temperatureMeter)",
            "model (\(Phrase.modelStructure(.hourOfWeek).text(lang)); \(r.monthlyModels) monthly models, "
                + "\(n(r.occupiedShare * 100, 0)) % of the week occupied, \(r.baselineHours) hours, fitted in \(n(r.fitSeconds, 2)) s)",
            "fit: R² \(n(s.r2, 3)), CV(RMSE) \(n(s.cvrmse * 100, 1)) %, NMBE \(n(s.nmbe * 100, 2)) %, n \(s.n), "
                + "lag-1 autocorrelation \(n(s.rho1, 2)), effective n \(n(s.effectiveN, 1))",
            "",
            TextTable(
                ["", r.unit],
                Self.savingsRows(
                    predicted: r.reportingPredicted, observed: r.reportingObserved, savings: r.savings, percent: r.savingsPercent,
                    confidence: r.confidence, uncertainty: r.uncertainty.absolute), rightAligned: [1]
            ).text,
        ]
        if !r.meetsGuideline14 {
            lines.append("note: the fit is outside Guideline 14's hourly limits (CV(RMSE) ≤ 30 %, |NMBE| ≤ 10 %)")
        }
        return lines.joined(separator: "\n")
    }

    static func table(_ r: SavingsEngine.Result, _ lang: Language) -> String {
        func n(_ v: Double, _ d: Int = 0, plus: Bool = false) -> String { DisplayFormat.number(v, decimals: d, explicitPlus: plus) }
        let deg = "°\(r.temperatureUnit.rawValue)"
        func equation(_ m: DailyModel) -> String {
            var terms = ["\(n(m.intercept, 1)) \(r.unit)/day"]
            if let b = m.heatingSlope, let bp = m.heatingBalancePoint { terms.append("\(n(b, 2)) × HDD(\(n(bp, 1)) \(deg))") }
            if let b = m.coolingSlope, let bp = m.coolingBalancePoint { terms.append("\(n(b, 2)) × CDD(\(n(bp, 1)) \(deg))") }
            return "\(m.kind.rawValue): usage/day = " + terms.joined(separator: " + ")
        }
        let s = r.statistics
        let periods = r.method == .daily ? "days" : "bills"
        var lines = [
            "\(r.selection): weather-normalised savings, baseline \(r.baselinePeriod), reporting \(r.reportingPeriod), temperatures "
                + "\(r.temperatureMeter)",
            "model (\(r.method.rawValue), \(Phrase.modelStructure(r.structure).text(lang)); best of \(r.candidates), \(s.n) \(periods)):",
        ]
        if let nonWorking = r.nonWorkingModel {
            lines.append("  \(Phrase.workingDay.text(lang)): \(equation(r.model))")
            lines.append("  \(Phrase.nonWorkingDay.text(lang)): \(equation(nonWorking))")
        } else {
            lines.append("  \(equation(r.model))")
        }
        lines += [
            "fit: R² \(n(s.r2, 3)), CV(RMSE) \(n(s.cvrmse * 100, 1)) %, NMBE \(n(s.nmbe * 100, 2)) %, "
                + "n \(s.n), lag-1 autocorrelation \(n(s.rho1, 2)), effective n \(n(s.effectiveN, 1))",
            "",
            TextTable(
                ["", r.unit],
                Self.savingsRows(
                    predicted: r.reportingPredicted, observed: r.reportingObserved, savings: r.savings, percent: r.savingsPercent,
                    confidence: r.confidence, uncertainty: r.uncertainty.absolute)
                    + [["raw change per day (reporting − baseline)", n(r.rawChangePerDay, 1, plus: true)]], rightAligned: [1]
            ).text,
        ]
        if let nz = r.normalized {
            lines.append("")
            lines.append(
                "normalised to the typical year \(nz.temperatureMeter) (\(nz.days) days): baseline model \(n(nz.baselinePredicted)), "
                    + "reporting model \(n(nz.reportingPredicted)) \(r.unit); "
                    + "normalised savings \(n(nz.savings, plus: true)) ± \(n(nz.uncertainty)) \(r.unit) (\(n(nz.savingsPercent, 2)) %)")
        }
        if !r.excluded.isEmpty {
            lines.append("\nleft out: " + r.excluded.map { $0.text(lang) }.joined(separator: "; "))
        }
        if !r.sufficiency.sufficient {
            lines.append(
                "\n\(Phrase.baselineInsufficient.text(lang)): " + r.sufficiency.reasons.map { $0.text(lang) }.joined(separator: "; "))
        }
        if !r.meetsGuideline14 {
            lines.append(
                r.method == .daily
                    ? "note: the fit is outside Guideline 14's daily limits (CV(RMSE) ≤ 25 %, |NMBE| ≤ 10 %)"
                    : "note: the fit is outside Guideline 14's monthly limits (CV(RMSE) ≤ 15 %, |NMBE| ≤ 5 %)")
        }
        return lines.joined(separator: "\n")
    }
}
