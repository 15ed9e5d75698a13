import Foundation
import MeterwatchCore

/// Chooses between one daily model for the whole week and one per day type (working,
/// non-working). Each candidate is CalTRACK's grid search on its days; the structure with the
/// lower Bayesian information criterion wins, n·ln(SSE/n) + k·ln(n), where k counts intercepts,
/// slopes and balance points (as opendsm counts parameters), so a split must pay for its extra
/// parameters with a better fit.
public enum DayTypeFitter {
    public struct Fit: Sendable {
        public var structure: ModelStructure
        /// The full-week model, or the working-day model.
        public var model: DailyModel
        /// The non-working-day model when the week is split.
        public var nonWorking: DailyModel?
        public var candidates: Int
        /// BIC of the full-week and the split structure (nil when a split could not be fitted).
        public var criterion: (fullWeek: Double, dayTypes: Double?)

        /// The model for a period of this day type.
        public func model(for dayType: DayType?) -> DailyModel {
            dayType == .nonWorking ? nonWorking ?? model : model
        }

        public func predictPerDay(_ p: ModelPeriod) -> Double { model(for: p.dayType).predictPerDay(temperatures: p.temperatures) }

        public func predict(_ p: ModelPeriod) -> Double { predictPerDay(p) * Double(p.days) }

        /// Guideline 14's p: the intercepts and slopes of every model.
        public var parameterCount: Int { model.parameterCount + (nonWorking?.parameterCount ?? 0) }
    }

    /// Days of each type a split needs (a quarter's weekends).
    public static let minimumDaysPerType = 24

    public static func fit(periods: [ModelPeriod], options: DailyModelFitter.Options) -> Fit? {
        guard let full = DailyModelFitter.fit(periods: periods, options: options) else {
            return nil
        }
        let n = Double(periods.count)
        let fullSSE = sse(periods) { full.model.predictPerDay(temperatures: $0.temperatures) }
        let fullBIC = bic(sse: fullSSE, n: n, k: freeParameters(full.model))
        let working = periods.filter { $0.dayType == .working }
        let nonWorking = periods.filter { $0.dayType == .nonWorking }
        guard options.frequency == .daily, options.splitDayTypes, working.count >= minimumDaysPerType,
            nonWorking.count >= minimumDaysPerType,
            let w = DailyModelFitter.fit(periods: working, options: options),
            let o = DailyModelFitter.fit(periods: nonWorking, options: options)
        else {
            return Fit(structure: .fullWeek, model: full.model, nonWorking: nil, candidates: full.candidates, criterion: (fullBIC, nil))
        }
        let splitSSE =
            sse(working) { w.model.predictPerDay(temperatures: $0.temperatures) }
            + sse(nonWorking) { o.model.predictPerDay(temperatures: $0.temperatures) }
        let splitBIC = bic(sse: splitSSE, n: n, k: freeParameters(w.model) + freeParameters(o.model))
        let candidates = full.candidates + w.candidates + o.candidates
        if splitBIC < fullBIC {
            return Fit(structure: .dayTypes, model: w.model, nonWorking: o.model, candidates: candidates, criterion: (fullBIC, splitBIC))
        }
        return Fit(structure: .fullWeek, model: full.model, nonWorking: nil, candidates: candidates, criterion: (fullBIC, splitBIC))
    }

    /// Intercept, slopes and balance points.
    static func freeParameters(_ m: DailyModel) -> Int {
        switch m.kind {
        case .interceptOnly: 1
        case .heatingOnly, .coolingOnly: 3
        case .heatingAndCooling: 5
        }
    }

    static func sse(_ periods: [ModelPeriod], _ predict: (ModelPeriod) -> Double) -> Double {
        var s = 0.0
        for p in periods {
            let r = p.usagePerDay - predict(p)
            s += Double(p.days) * r * r
        }
        return s
    }

    static func bic(sse: Double, n: Double, k: Int) -> Double {
        // A perfect fit (SSE 0) would make the logarithm −∞; any structure reaching it is as good.
        n * log(max(sse, 1e-300) / n) + Double(k) * log(n)
    }
}
