import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// A KPI evaluated for one period.
///
/// Attainment: higher-is-better = actual ÷ target × 100, lower-is-better = target ÷ actual × 100,
/// reported capped at the KPI's `cap` (default 100 %) beside the uncapped ratio. The margin is how
/// far the actual beats the target in the KPI's unit (percentage points for rates): actual − target
/// when higher is better, target − actual when lower is better; negative when the target is missed.
public struct KPIResult: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var period: String
    public var unit: String
    public var target: Double
    public var actual: Double?
    public var attainmentPercent: Double?
    public var attainmentUncappedPercent: Double?
    public var margin: Double?
    public var direction: KPIDirection
    /// `met`, `not-met` or `n/a`.
    public var status: String
    /// Why the status is n/a.
    public var reason: String?
    /// `entered` (by `kpi set`) or `derived` (from a comparison).
    public var source: String?
    public var enteredBy: String?
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case id, name, period, unit, target, actual, margin, direction, status, reason, source, warnings
        case attainmentPercent = "attainment_percent", attainmentUncappedPercent = "attainment_uncapped_percent", enteredBy = "entered_by"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(name, forKey: .name); try c.encode(period, forKey: .period)
        try c.encode(unit, forKey: .unit); try c.encode(target, forKey: .target); try c.encode(actual, forKey: .actual)
        try c.encode(attainmentPercent, forKey: .attainmentPercent); try c.encode(attainmentUncappedPercent, forKey: .attainmentUncappedPercent)
        try c.encode(margin, forKey: .margin); try c.encode(direction, forKey: .direction); try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason); try c.encode(source, forKey: .source); try c.encode(enteredBy, forKey: .enteredBy)
        try c.encode(warnings, forKey: .warnings)
    }
}

public struct KPIEvaluator: Sendable {
    public let engine: ComparisonEngine
    public init(engine: ComparisonEngine) { self.engine = engine }

    public func evaluate(period: Period, language: Language = .en) throws -> [KPIResult] {
        try engine.config.kpis.map { try evaluate($0, period: period, language: language) }
    }

    public func evaluate(_ kpi: KPIDefinition, period: Period, language: Language = .en) throws -> KPIResult {
        var result = KPIResult(id: kpi.id, name: kpi.displayName(language), period: period.id, unit: kpi.unit, target: kpi.target, actual: nil,
                               attainmentPercent: nil, attainmentUncappedPercent: nil, margin: nil, direction: kpi.direction,
                               status: "n/a", reason: nil, source: nil, enteredBy: nil, warnings: [])
        if let entered = try engine.store.kpiActual(kpi: kpi.id, period: period.id) {
            result.actual = entered.actual
            result.source = "entered"
            result.enteredBy = entered.enteredBy
        } else if let derive = kpi.derive {
            let baseline: Baseline = derive.against == "previous-period" ? .previousPeriod : .previousYear
            let c = try engine.compare(derive.selection, period: period, against: baseline, language: language)
            result.source = "derived"
            result.warnings = c.warnings
            if c.current.coverage == 0 || c.baseline.coverage == 0 {
                result.reason = "no data for \(c.current.coverage == 0 ? c.current.period : c.baseline.period)"
                return result
            }
            switch derive.value {
            case .reductionPercent: result.actual = c.change.percent.map { -$0 }
            case .changePercent: result.actual = c.change.percent
            case .reduction: result.actual = -c.change.absolute
            case .change: result.actual = c.change.absolute
            case .current: result.actual = c.current.value
            }
            if result.actual == nil { result.reason = "the baseline is 0, so the change in percent is undefined"; return result }
        } else {
            result.reason = "no actual value entered for \(period.id) (meterwatch kpi set \(kpi.id) --period \(period.id) --actual V)"
            return result
        }
        guard let actual = result.actual else { return result }
        result.margin = kpi.direction == .higher ? actual - kpi.target : kpi.target - actual
        let ratio: Double?
        switch kpi.direction {
        case .higher:
            ratio = kpi.target == 0 ? nil : actual / kpi.target * 100
            if kpi.target == 0 { result.reason = "the target is 0, so attainment (actual ÷ target) is undefined" }
        case .lower:
            ratio = actual == 0 ? nil : kpi.target / actual * 100
            if actual == 0 { result.reason = "the actual value is 0, so attainment (target ÷ actual) is undefined" }
        }
        guard let ratio, ratio.isFinite else { return result }
        if ratio < 0 { result.reason = "attainment is negative (\(DisplayFormat.number(ratio, decimals: 2)) %): the value moved against the target" }
        result.attainmentUncappedPercent = ratio
        result.attainmentPercent = kpi.capPercent.map { min(ratio, $0) } ?? ratio
        result.status = ratio >= 100 ? "met" : "not-met"
        return result
    }
}

/// Litres, spend and distance per vehicle over a period.
public struct VehicleFuelSummary: Codable, Sendable, Equatable {
    public var vehicle: String
    public var refuels: Int
    public var litres: Double
    public var petrolLitres: Double
    public var dieselLitres: Double
    public var amount: Double?
    /// Odometer distance between the first and last refuel of the period.
    public var distanceKm: Double?
    /// Full-to-full method: distance ÷ the litres of every refuel after the first.
    public var kmPerLitre: Double?

    enum CodingKeys: String, CodingKey {
        case vehicle, refuels, litres, amount
        case petrolLitres = "petrol_litres", dieselLitres = "diesel_litres", distanceKm = "distance_km", kmPerLitre = "km_per_litre"
    }

    public static func summarize(_ refuels: [Refuel]) -> [VehicleFuelSummary] {
        Dictionary(grouping: refuels, by: \.vehicle).keys.sorted().map { v in
            let list = refuels.filter { $0.vehicle == v }.sorted { ($0.day, $0.odometer ?? 0) < ($1.day, $1.odometer ?? 0) }
            let amounts = list.compactMap(\.amount)
            var s = VehicleFuelSummary(vehicle: v, refuels: list.count, litres: CompensatedSum(list.map(\.litres)).value,
                                       petrolLitres: CompensatedSum(list.filter { $0.fuel == .petrol }.map(\.litres)).value,
                                       dieselLitres: CompensatedSum(list.filter { $0.fuel == .diesel }.map(\.litres)).value,
                                       amount: amounts.isEmpty ? nil : CompensatedSum(amounts).value)
            let withOdo = list.filter { $0.odometer != nil }
            if withOdo.count >= 2, let first = withOdo.first?.odometer, let last = withOdo.last?.odometer, last > first {
                s.distanceKm = last - first
                let litresAfterFirst = CompensatedSum(withOdo.dropFirst().map(\.litres)).value
                if litresAfterFirst > 0 { s.kmPerLitre = (last - first) / litresAfterFirst }
            }
            return s
        }
    }
}
