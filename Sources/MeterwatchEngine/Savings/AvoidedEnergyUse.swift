import Foundation
import MeterwatchCore

/// Avoided energy use over a reporting period: the baseline model's counterfactual minus metered.
public struct AvoidedEnergyUse: Sendable, Codable {
    /// The full-week model, or the working-day model when the week is split.
    public var model: DailyModel
    /// The non-working-day model when `structure` is `dayTypes`.
    public var nonWorkingModel: DailyModel?
    public var structure: ModelStructure
    public var candidates: Int
    public var baseline: BaselineFitStatistics
    public var baselineDays: Int
    public var reportingDays: Int
    public var baselineObserved: Double
    public var reportingPredicted: Double
    public var reportingObserved: Double
    public var savings: Double
    public var savingsPercent: Double
    public var uncertainty: SavingsUncertainty

    /// Fits on `baseline` days and projects into `reporting` days (only days with both values).
    public static func compute(
        baseline: [DailyObservation], reporting: [DailyObservation],
        options: DailyModelFitter.Options, confidence: Double = 0.90
    ) -> AvoidedEnergyUse? {
        compute(
            baseline: baseline.compactMap(ModelPeriod.init), reporting: reporting.compactMap(ModelPeriod.init),
            options: options, confidence: confidence)
    }

    /// Fits on `baseline` periods (days or bills) and projects into `reporting` periods.
    ///
    /// Statistics are computed on usage per day of each period (n = periods); the uncertainty
    /// uses m = reporting periods and M = the distinct month numbers the reporting days touch
    /// (opendsm's rule), with the daily or billing K polynomial.
    public static func compute(
        baseline: [ModelPeriod], reporting: [ModelPeriod],
        options: DailyModelFitter.Options, confidence: Double = 0.90
    ) -> AvoidedEnergyUse? {
        let base = baseline.filter { !$0.temperatures.isEmpty }
        let rep = reporting.filter { !$0.temperatures.isEmpty }
        guard let fit = DayTypeFitter.fit(periods: base, options: options), !rep.isEmpty else { return nil }
        let y = base.map(\.usagePerDay)
        let yhat = base.map { fit.predictPerDay($0) }
        let stats = BaselineFitStatistics(observed: y, predicted: yhat, parameters: fit.parameterCount)
        var predicted = 0.0
        var observed = 0.0
        var baseObserved = 0.0
        for p in base { baseObserved += p.usage }
        for p in rep {
            predicted += fit.predict(p)
            observed += p.usage
        }
        let savings = predicted - observed
        let months = Double(Set(rep.flatMap { Self.months($0) }).count)
        let unc = SavingsUncertainty(
            statistics: stats, predictedReporting: predicted, reportingPoints: rep.count,
            months: months, savings: savings, confidence: confidence,
            frequency: options.frequency == .daily ? .daily : .billing)
        return AvoidedEnergyUse(
            model: fit.model, nonWorkingModel: fit.nonWorking, structure: fit.structure, candidates: fit.candidates, baseline: stats,
            baselineDays: base.reduce(0) { $0 + $1.days }, reportingDays: rep.reduce(0) { $0 + $1.days },
            baselineObserved: baseObserved, reportingPredicted: predicted,
            reportingObserved: observed, savings: savings, savingsPercent: savings / predicted * 100, uncertainty: unc)
    }

    /// A period's prediction by the model of its day type.
    public func predict(_ p: ModelPeriod) -> Double {
        (p.dayType == .nonWorking ? nonWorkingModel ?? model : model).predict(p)
    }

    /// Month numbers (1–12) of a period's days.
    static func months(_ p: ModelPeriod) -> Set<Int> {
        guard p.days > 1, let start = TimeParser.parseDate(p.start, allowROC: false) else {
            return [Int(p.start.dropFirst(5).prefix(2)) ?? 0]
        }
        return Set((0..<p.days).map { start.adding(days: $0).month })
    }
}
