/// What the contract optimiser needs of a billed segment: its season and share of the month, the
/// revision's prices and rules, and each period's maximum demand.
public struct DemandSegment: Sendable, Hashable {
    public var season: Season
    public var share: Double
    public var structure: TariffStructure
    public var basic: [ContractKind: Double]
    public var excessWithin: Double
    public var excessBeyond: Double
    public var excessThreshold: Double
    public var maxDemandKW: [TOUPeriod: Double]

    public init(segment: BillSegment, revision: TariffRevision) {
        season = segment.season
        share = segment.share
        structure = revision.structure
        basic = Dictionary(
            uniqueKeysWithValues: ContractKind.allCases.compactMap { k in revision.basicPrice(k, segment.season).map { (k, $0) } })
        excessWithin = revision.excessWithin
        excessBeyond = revision.excessBeyond
        excessThreshold = revision.excessThreshold
        maxDemandKW = segment.maxDemand.mapValues(\.kW)
    }

    /// The segment with every demand scaled (a hotter summer: `1.05`).
    public func scaled(_ factor: Double) -> DemandSegment {
        var s = self
        s.maxDemandKW = maxDemandKW.mapValues { $0 * factor }
        return s
    }

    /// Basic and over-contract charges under `contracts` (NT$, prorated by the share): the bill's own rules.
    public func cost(_ contracts: Contracts) -> (basic: Double, excess: Double) {
        let primary = Double(contracts.sum(structure.primaryContracts(season)))
        var basicCost = 0.0
        for kind in structure.primaryContracts(season) { basicCost += Double(contracts[kind]) * (basic[kind] ?? 0) }
        basicCost += max(0, Double(contracts[.saturday] + contracts[.offPeak]) - 0.5 * primary) * (basic[.saturday] ?? 0)
        let levels = structure.ladder(season).map { level in
            (
                period: level.period, allowanceKW: contracts.sum(level.serving), demandKW: maxDemandKW[level.period] ?? 0,
                price: basic[level.priced] ?? 0
            )
        }
        var excess = 0.0
        for step in OverContract.steps(levels, within: excessWithin, beyond: excessBeyond, threshold: excessThreshold) {
            excess += step.amount
        }
        return (basicCost * share, excess * share)
    }
}
