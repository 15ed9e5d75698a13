import Foundation
import MeterwatchCore

/// Avoided energy use by CalTRACK's hourly method: the baseline's month-by-month
/// time-of-week-and-temperature models, projected into the reporting hours.
public struct HourlySavings: Sendable, Encodable {
    public var selection: String
    public var unit: String
    public var baselinePeriod: String
    public var reportingPeriod: String
    public var temperatureMeter: String
    public var structure: ModelStructure = .hourOfWeek
    /// Months with their own model, and the share of the week's hours found occupied (mean over
    /// the months).
    public var monthlyModels: Int
    public var occupiedShare: Double
    public var statistics: BaselineFitStatistics
    public var baselineHours: Int
    public var reportingHours: Int
    public var reportingPredicted: Double
    public var reportingObserved: Double
    /// Counterfactual − metered, positive when use went down.
    public var savings: Double
    public var savingsPercent: Double
    public var uncertainty: SavingsUncertainty
    public var confidence: Double
    /// Guideline 14's hourly calibration limits: CV(RMSE) ≤ 30 %, |NMBE| ≤ 10 %.
    public var meetsGuideline14: Bool
    public var fitSeconds: Double

    enum CodingKeys: String, CodingKey {
        case selection, unit, structure, statistics, savings, uncertainty, confidence
        case baselinePeriod = "baseline_period", reportingPeriod = "reporting_period", temperatureMeter = "temperature_meter"
        case monthlyModels = "monthly_models", occupiedShare = "occupied_share", baselineHours = "baseline_hours"
        case reportingHours = "reporting_hours", reportingPredicted = "reporting_predicted", reportingObserved = "reporting_observed"
        case savingsPercent = "savings_percent", meetsGuideline14 = "meets_guideline14", fitSeconds = "fit_seconds"
    }

    /// The model's figures for baseline and reporting hours (hours without use are skipped).
    /// nil when no model can be fitted or the reporting period has no hours.
    public static func compute(
        baseline: [HourlyObservation], reporting: [HourlyObservation], confidence: Double = 0.90
    ) -> (
        model: HourlyModel, statistics: BaselineFitStatistics, predicted: Double, observed: Double, hours: Int,
        uncertainty: SavingsUncertainty, seconds: Double
    )? {
        let started = DispatchTime.now().uptimeNanoseconds
        guard let model = HourlyModel.fit(baseline) else {
            return nil
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        var y: [Double] = []
        var yhat: [Double] = []
        for o in baseline {
            guard let u = o.usage, let p = model.predict(o) else { continue }
            y.append(u)
            yhat.append(p)
        }
        guard y.count > model.parameterCount + 1 else {
            return nil
        }
        let stats = BaselineFitStatistics(observed: y, predicted: yhat, parameters: model.parameterCount)
        var predicted = 0.0
        var observed = 0.0
        var hours = 0
        for o in reporting {
            guard let u = o.usage, let p = model.predict(o) else { continue }
            predicted += p
            observed += u
            hours += 1
        }
        guard hours > 0 else {
            return nil
        }
        let months = Double(Set(reporting.map(\.month)).count)
        let uncertainty = SavingsUncertainty(
            statistics: stats, predictedReporting: predicted, reportingPoints: hours, months: months, savings: predicted - observed,
            confidence: confidence, frequency: .hourly)
        return (model, stats, predicted, observed, hours, uncertainty, seconds)
    }
}
