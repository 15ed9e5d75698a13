import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

public struct KPIEvaluator: Sendable {
    public let engine: ComparisonEngine
    public init(engine: ComparisonEngine) { self.engine = engine }

    /// - Parameter requested: the period entered actuals are kept under, when the figures are
    ///   derived over a part of it (a report of complete months only); default `period`.
    public func evaluate(period: Period, enteredFor requested: Period? = nil) throws -> [KPIResult] {
        try engine.config.kpis.map { try evaluate($0, period: period, enteredFor: requested) }
    }

    /// Every KPI of a deployment of several buildings with its figures for the whole deployment and
    /// for each building it applies to (a derived KPI, for each building with meters of its
    /// selection; a building's own KPI, for that building alone), in `kpis:` then `sites:` order. A
    /// configuration of one building, or narrowed to one, gives `evaluate`'s rows.
    public func evaluateByBuilding(period: Period, enteredFor requested: Period? = nil) throws -> [KPIResult] {
        let config = engine.config
        guard config.scope == nil, config.buildings.count > 1 else { return try evaluate(period: period, enteredFor: requested) }
        let scoped = config.buildings.compactMap { b in config.scoped(to: b.id).map { (b.id, $0) } }
        let batched = try engine.forManySelections()
        let whole = KPIEvaluator(engine: batched)
        return try config.kpis.flatMap { kpi -> [KPIResult] in
            if kpi.site != nil { return [try whole.evaluate(kpi, period: period, enteredFor: requested)] }
            var rows = [try whole.evaluate(kpi, period: period, enteredFor: requested)]
            for (site, narrowed) in scoped where kpi.derive != nil && narrowed.kpis.contains(where: { $0.id == kpi.id }) {
                let inBuilding = KPIEvaluator(engine: batched.narrowed(to: narrowed))
                var row = try inBuilding.evaluate(kpi, period: period, enteredFor: requested)
                row.site = site
                rows.append(row)
            }
            return rows
        }
    }

    public func evaluate(_ kpi: KPIDefinition, period: Period, enteredFor requested: Period? = nil) throws -> KPIResult {
        // A building's KPI compares that building's meters, wherever it is evaluated from.
        if let site = kpi.site, engine.config.scope?.id != site, let narrowed = engine.config.scoped(to: site) {
            return try KPIEvaluator(engine: engine.narrowed(to: narrowed)).evaluate(kpi, period: period, enteredFor: requested)
        }
        let asked = requested ?? period
        var result = KPIResult(
            id: kpi.id, name: kpi.name, period: asked.id, unit: kpi.unit, target: kpi.target, actual: nil,
            attainmentPercent: nil, attainmentUncappedPercent: nil, margin: nil, direction: kpi.direction,
            status: .notApplicable, reason: nil, source: nil, enteredBy: nil, provisional: false, warnings: [])
        result.site = kpi.site ?? engine.config.scope?.id
        if let entered = try engine.store.kpiActual(kpi: kpi.id, period: asked.id) {
            result.actual = entered.actual
            result.source = "entered"
            result.enteredBy = entered.enteredBy
        } else if let derive = kpi.derive {
            let baseline: Baseline = derive.against == "previous-period" ? .previousPeriod : .previousYear
            let c = try engine.compare(derive.selection, period: period, against: baseline)
            result.source = "derived"
            result.warnings = c.warnings
            result.provisional = c.inProgress
            if let reason = c.reason {
                result.reason = reason
                return result
            }
            if c.current.coverage == 0 || c.baseline.coverage == 0 {
                result.reason = .kpiNoDataFor(period: c.current.coverage == 0 ? c.current.period.id : c.baseline.period.id)
                return result
            }
            guard let change = c.change else { return result }
            switch derive.value {
            case .reductionPercent: result.actual = change.percent.map { -$0 }
            case .changePercent: result.actual = change.percent
            case .reduction: result.actual = -change.absolute
            case .change: result.actual = change.absolute
            case .current: result.actual = c.current.value
            }
            if result.actual == nil {
                result.reason = .kpiChangeUndefined
                return result
            }
        } else {
            result.reason = .kpiNoActualEntered(period: asked.id)
            return result
        }
        guard let actual = result.actual else { return result }
        result.margin = kpi.direction == .higher ? actual - kpi.target : kpi.target - actual
        let ratio: Double?
        switch kpi.direction {
        case .higher:
            ratio = kpi.target == 0 ? nil : actual / kpi.target * 100
            if kpi.target == 0 { result.reason = .kpiTargetZero }
        case .lower:
            ratio = actual == 0 ? nil : kpi.target / actual * 100
            if actual == 0 { result.reason = .kpiActualZero }
        }
        guard let ratio, ratio.isFinite else { return result }
        if ratio < 0 { result.reason = .kpiNegativeAttainment(percent: ratio) }
        result.attainmentUncappedPercent = ratio
        result.attainmentPercent = kpi.capPercent.map { min(ratio, $0) } ?? ratio
        if result.provisional {
            result.status = ratio >= 100 ? .onTrack : .behind
        } else {
            result.status = ratio >= 100 ? .met : .notMet
        }
        return result
    }
}
