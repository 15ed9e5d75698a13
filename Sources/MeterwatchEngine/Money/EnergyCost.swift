import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

/// A comparison's kWh in NT$: each quarter hour's energy at its time-of-use price, both sides at
/// the tariff in force on their days, and both at one tariff (its latest revision) so that a price
/// change does not look like a change in use. Energy charges only: basic and over-contract charges
/// belong to a billed meter's bill (`meterwatch bill`). Exact; rounded when shown.
public struct EnergyCost: Sendable, Encodable {
    public var tariff: String
    /// The buildings priced (those with a billed meter); `partial`: the selection has meters elsewhere,
    /// left out of these figures.
    public var buildings: [String]
    public var partial: Bool
    /// At the tariff in force; nil when a day of the side has no revision of the tariff.
    public var current: Double?
    public var baseline: Double?
    /// Both sides at the revision of `pricedAt`.
    public var pricedAt: CivilDate
    public var currentAtOnePrice: Double
    public var baselineAtOnePrice: Double

    public var change: Double? { current.flatMap { c in baseline.map { c - $0 } } }
    public var changeAtOnePrice: Double { currentAtOnePrice - baselineAtOnePrice }

    enum CodingKeys: String, CodingKey {
        case tariff, buildings, partial, current, baseline, change, pricedAt = "priced_at", currentAtOnePrice = "current_at_one_price"
        case baselineAtOnePrice = "baseline_at_one_price", changeAtOnePrice = "change_at_one_price"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tariff, forKey: .tariff)
        try c.encode(buildings, forKey: .buildings)
        try c.encode(partial, forKey: .partial)
        try c.encodeIfPresent(current, forKey: .current)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encodeIfPresent(change, forKey: .change)
        try c.encode(pricedAt, forKey: .pricedAt)
        try c.encode(currentAtOnePrice, forKey: .currentAtOnePrice)
        try c.encode(baselineAtOnePrice, forKey: .baselineAtOnePrice)
        try c.encode(changeAtOnePrice, forKey: .changeAtOnePrice)
    }

    /// The NT$ of an electricity comparison: each building's meters priced with the tariff of its
    /// billed meter; meters of buildings without one are left out (`partial`). nil when no building
    /// of the selection is billed, the figures are not in kWh, or the comparison kept only common days
    /// (their quarters are not one span).
    public static func of(
        _ comparison: Comparison, selection: ResolvedSelection, config: SiteConfig, store: any ReadingStore, setup: BillingSetup
    ) throws -> EnergyCost? {
        guard comparison.current.unit == "kWh", comparison.basis == .whole || comparison.basis == .toDate else { return nil }
        var tariffBySite: [String: Tariff] = [:]
        for billed in setup.meters.values.sorted(by: { $0.meter.id < $1.meter.id }) where tariffBySite[billed.meter.site] == nil {
            tariffBySite[billed.meter.site] = billed.tariff
        }
        var seriesBySite: [String: [Int64]] = [:]
        var partial = false
        for id in selection.seriesIDs {
            guard let meter = selection.meterOf[id], let site = config.meter(id: meter)?.site, tariffBySite[site] != nil else {
                partial = true
                continue
            }
            seriesBySite[site, default: []].append(id)
        }
        guard !seriesBySite.isEmpty else { return nil }
        var current: Double? = 0
        var baseline: Double? = 0
        var currentAtOne = 0.0
        var baselineAtOne = 0.0
        for (site, ids) in seriesBySite.sorted(by: { $0.key < $1.key }) {
            let tariff = tariffBySite[site]!
            let c = try priced(comparison.current, ids, tariff, store)
            let b = try priced(comparison.baseline, ids, tariff, store)
            current = current.flatMap { x in c.inForce.map { x + $0 } }
            baseline = baseline.flatMap { x in b.inForce.map { x + $0 } }
            currentAtOne += c.atOne
            baselineAtOne += b.atOne
        }
        let tariffs = Set(seriesBySite.keys.map { tariffBySite[$0]!.id }).sorted()
        return EnergyCost(
            tariff: tariffs.joined(separator: ", "), buildings: seriesBySite.keys.sorted(), partial: partial, current: current,
            baseline: baseline, pricedAt: seriesBySite.keys.map { tariffBySite[$0]!.latest.effective }.max()!,
            currentAtOnePrice: currentAtOne, baselineAtOnePrice: baselineAtOne)
    }

    /// One side of some series: each quarter at the revision in force (nil if a day has none) and at the latest.
    static func priced(_ side: ComparisonSide, _ ids: [Int64], _ tariff: Tariff, _ store: any ReadingStore) throws -> (
        inForce: Double?, atOne: Double
    ) {
        let calendar = store.calendar
        let latest = tariff.latest
        var inForce: CompensatedSum? = CompensatedSum()
        var atOne = CompensatedSum()
        var day:
            (index: Int64, revision: TariffRevision?, type: TariffDayType, season: Season, latestType: TariffDayType, latestSeason: Season)?
        for bucket in try store.bucketTotals(series: ids, resolution: .quarterHour, from: side.startMs, to: side.endMs) {
            let local = calendar.rules.localMs(fromUTC: bucket.start)
            let index = floorDiv(local, msPerDay)
            if day?.index != index {
                let d = CivilDate(daysSinceEpoch: Int(index))
                let revision = try? tariff.revision(on: d)
                let inForceClass = revision.flatMap { try? tariff.classify(d, under: $0) }
                let latestClass: (season: Season, type: TariffDayType)
                do { latestClass = try tariff.classify(d, under: latest) } catch let error as TariffError {
                    throw EngineError.tariff(error)
                }
                day = (
                    index, inForceClass == nil ? nil : revision, inForceClass?.type ?? .weekday, inForceClass?.season ?? .summer,
                    latestClass.type, latestClass.season
                )
            }
            guard let d = day else { continue }
            let quarter = Int(floorMod(local, msPerDay) / LocalCalendar.quarterMs)
            let kWh = bucket.total.value
            atOne.add(kWh * latest.price(d.latestSeason, d.latestType, quarter: quarter).price)
            if let r = d.revision {
                inForce?.add(kWh * r.price(d.season, d.type, quarter: quarter).price)
            } else {
                inForce = nil
            }
        }
        return (inForce?.value, atOne.value)
    }
}
