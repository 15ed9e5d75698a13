import MeterwatchCore

/// Makes a month's bill from its quarter hours, a tariff and the contracts, by the rules of
/// Taipower's tariff table (chapter 5):
///
/// - the month is cut into segments of days billed alike (season, tariff revision, contracts);
///   monthly charges are prorated by each segment's days;
/// - basic charge: each contract × its price; Saturday and off-peak contracts only beyond half of
///   the regular and half-peak (or non-summer) ones;
/// - energy: each quarter's kWh at its period's price;
/// - over-contract: `OverContract`, from each period's highest measured quarter;
/// - a month with no use (0 kWh, 0 kW) pays `noUseBasicShare` of the basic charge;
/// - power factor: ± `pfStep` of basic and energy charges per whole point from `pfReference`.
///
/// Pure and fast: one pass over the quarters with a per-day table (a meter-year in about a
/// millisecond, `make bench --only money`).
public struct BillCalculator: Sendable {
    public let tariff: Tariff
    public let contracts: ContractSchedule
    public let calendar: LocalCalendar

    public init(tariff: Tariff, contracts: ContractSchedule, calendar: LocalCalendar) {
        self.tariff = tariff
        self.contracts = contracts
        self.calendar = calendar
    }

    /// The span's start and end (UTC ms) in the site's zone: `[first, end)` by local days.
    public func range(from first: CivilDate, to end: CivilDate) -> (from: Int64, to: Int64) {
        (calendar.startOfDay(first), calendar.startOfDay(end))
    }

    /// A calendar month's bill.
    public func bill(year: Int, month: Int, quarters: [QuarterUse], powerFactor: Double? = nil) throws -> Bill {
        let first = CivilDate(year: year, month: month, day: 1)
        return try bill(from: first, to: first.adding(months: 1), quarters: quarters, powerFactor: powerFactor)
    }

    /// The period and price of the quarter hour starting at `start`.
    public func price(at start: Int64) throws -> (period: TOUPeriod, price: Double) {
        let local = calendar.rules.localMs(fromUTC: start)
        let day = CivilDate(daysSinceEpoch: Int(floorDiv(local, msPerDay)))
        let revision = try tariff.revision(on: day)
        let (season, type) = try tariff.classify(day, under: revision)
        return revision.price(season, type, quarter: Int(floorMod(local, msPerDay) / LocalCalendar.quarterMs))
    }

    /// The bill of a billing period `[first, end)` (local days; a utility's meter-reading cycle, or a
    /// calendar month). Monthly charges are the month's, prorated by days when the period is cut into
    /// segments. `quarters`: its quarter hours (others are ignored), measured or not; a missing one
    /// counts as not measured. `powerFactor`: the period's average (0…1), when known.
    public func bill(from first: CivilDate, to end: CivilDate, quarters: [QuarterUse], powerFactor: Double? = nil) throws
        -> Bill
    {
        let dayCount = max(1, end.daysSinceEpoch - first.daysSinceEpoch)
        let (from, to) = range(from: first, to: end)

        // Days → segments, and each day's row of the quarter table.
        var segments: [BillSegment] = []
        var revisions: [TariffRevision] = []
        var dayRow: [(segment: Int, table: Int)] = []
        dayRow.reserveCapacity(dayCount)
        for offset in 0..<dayCount {
            let day = first.adding(days: offset)
            let revision = try tariff.revision(on: day)
            let (season, type) = try tariff.classify(day, under: revision)
            guard let c = contracts.contracts(on: day) else { throw TariffError.noContract(day: day) }
            if let last = segments.last, last.tariffEffective == revision.effective, last.season == season, last.contracts == c {
                segments[segments.count - 1].lastDay = day
            } else {
                segments.append(
                    BillSegment(
                        firstDay: day, lastDay: day, tariff: revision.id, tariffEffective: revision.effective, season: season, contracts: c,
                        share: 0, energyKWh: [:], maxDemand: [:], overContract: []))
                revisions.append(revision)
            }
            dayRow.append((segments.count - 1, TariffRevision.index(season, type)))
        }

        // One pass over the quarters: energy and cost per segment and period, maxima of measured ones.
        let periods = TOUPeriod.allCases.count
        var energy = [CompensatedSum](repeating: CompensatedSum(), count: segments.count * periods)
        var cost = [CompensatedSum](repeating: CompensatedSum(), count: segments.count * periods)
        var price = [Double](repeating: 0, count: segments.count * periods)
        var maxima = [PeakDemand?](repeating: nil, count: segments.count * periods)
        var measured = 0
        var anyUse = false
        let firstDayIndex = Int64(first.daysSinceEpoch)
        for q in quarters where q.start >= from && q.start < to {
            let local = calendar.rules.localMs(fromUTC: q.start)
            let day = Int(floorDiv(local, msPerDay) - firstDayIndex)
            guard day >= 0 && day < dayCount else { continue }
            let row = dayRow[day]
            let slot = Int(floorMod(local, msPerDay) / LocalCalendar.quarterMs)
            let (period, p) = revisions[row.segment].quarters[row.table][slot]
            let k = row.segment * periods + period.order
            energy[k].add(q.kWh)
            cost[k].add(q.kWh * p)
            price[k] = p
            if q.kWh != 0 { anyUse = true }
            if q.measured {
                measured += 1
                let kW = q.demandKW
                if maxima[k].map({ kW > $0.kW }) ?? true { maxima[k] = PeakDemand(kW: kW, at: q.start) }
            }
        }

        var lines: [BillLine] = []
        for (s, revision) in revisions.enumerated() {
            var seg = segments[s]
            seg.share = Double(seg.days) / Double(dayCount)
            let season = seg.season
            let structure = revision.structure
            // Basic charges.
            for kind in structure.primaryContracts(season) where seg.contracts[kind] != 0 {
                guard let p = revision.basicPrice(kind, season) else { continue }
                let kW = Double(seg.contracts[kind])
                lines.append(
                    .init(
                        kind: .basic, segment: s, contract: kind, quantity: kW, unit: "kW", price: p, share: seg.share,
                        amount: kW * p * seg.share))
            }
            let primary = Double(seg.contracts.sum(structure.primaryContracts(season)))
            let beyondHalf = max(0, Double(seg.contracts[.saturday] + seg.contracts[.offPeak]) - 0.5 * primary)
            if beyondHalf > 0, let p = revision.basicPrice(.saturday, season) {
                lines.append(
                    .init(
                        kind: .basicSaturdayOffPeak, segment: s, quantity: beyondHalf, unit: "kW", price: p, share: seg.share,
                        amount: beyondHalf * p * seg.share))
            }
            // Energy.
            for period in TOUPeriod.allCases {
                let k = s * periods + period.order
                let kWh = energy[k].value
                guard kWh != 0 || maxima[k] != nil else { continue }
                seg.energyKWh[period] = kWh
                if let m = maxima[k] { seg.maxDemand[period] = m }
                lines.append(
                    .init(kind: .energy, segment: s, period: period, quantity: kWh, unit: "kWh", price: price[k], amount: cost[k].value))
            }
            // Over contract, ladder by ladder.
            let levels = structure.ladder(season).map { level in
                (
                    period: level.period, allowanceKW: seg.contracts.sum(level.serving), demandKW: seg.maxDemand[level.period]?.kW ?? 0,
                    price: revision.basicPrice(level.priced, season) ?? 0
                )
            }
            seg.overContract = OverContract.steps(
                levels, within: revision.excessWithin, beyond: revision.excessBeyond, threshold: revision.excessThreshold)
            for step in seg.overContract where step.excessKW > 0 {
                if step.withinKW > 0 {
                    lines.append(
                        .init(
                            kind: .overContract, segment: s, period: step.period, multiplier: revision.excessWithin,
                            quantity: step.withinKW, unit: "kW",
                            price: step.price, share: seg.share, amount: step.withinKW * step.price * revision.excessWithin * seg.share))
                }
                if step.beyondKW > 0 {
                    lines.append(
                        .init(
                            kind: .overContract, segment: s, period: step.period, multiplier: revision.excessBeyond,
                            quantity: step.beyondKW, unit: "kW",
                            price: step.price, share: seg.share, amount: step.beyondKW * step.price * revision.excessBeyond * seg.share))
                }
            }
            segments[s] = seg
        }

        let expected = Int((to - from) / LocalCalendar.quarterMs)
        var bill = Bill(
            from: first, to: end, segments: segments, lines: lines, total: 0, measuredQuarters: measured, expectedQuarters: expected)
        let basic = bill.amount([.basic, .basicSaturdayOffPeak])
        // No use at all over a whole month: only part of the basic charge.
        if !anyUse && measured == expected && expected > 0, let share = revisions.first?.noUseBasicShare {
            bill.lines.removeAll { $0.kind == .energy }
            bill.lines.append(
                .init(kind: .noUse, segment: 0, quantity: share * 100, unit: "%", price: 1 - share, amount: -(1 - share) * basic))
        }
        if let pf = powerFactor, let revision = revisions.last, anyUse {
            let points = Int((pf * 100).rounded(.toNearestOrAwayFromZero))
            let change: Double =
                points < revision.pfReference
                ? Double(revision.pfReference - points) * revision.pfStep
                : -Double(min(points, revision.pfBest) - revision.pfReference) * revision.pfStep
            if change != 0 {
                let base = bill.amount([.basic, .basicSaturdayOffPeak, .energy])
                bill.lines.append(
                    .init(kind: .powerFactor, segment: 0, quantity: Double(points), unit: "%", price: change, amount: base * change))
            }
            bill.powerFactor = pf
        }
        var total = CompensatedSum()
        for l in bill.lines { total.add(l.amount) }
        bill.total = total.value
        return bill
    }
}
