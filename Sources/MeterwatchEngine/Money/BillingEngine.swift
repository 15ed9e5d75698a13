import MeterwatchCore
import MeterwatchStore
import MeterwatchTariffs

/// Bills, demand, contracts and storage earnings of billed meters, from the store's quarter-hour
/// rollups and the tariff catalog. Calls block (store reads): run them off Swift's cooperative pool.
public struct BillingEngine: Sendable {
    public let setup: BillingSetup
    public let store: any ReadingStore
    public let calendar: LocalCalendar

    public init(setup: BillingSetup, store: any ReadingStore) {
        self.setup = setup
        self.store = store
        calendar = store.calendar
    }

    func calculator(_ m: BilledMeter) -> BillCalculator { BillCalculator(tariff: m.tariff, contracts: m.contracts, calendar: calendar) }

    func range(_ from: CivilDate, _ to: CivilDate) -> (Int64, Int64) { (calendar.startOfDay(from), calendar.startOfDay(to)) }

    /// The bill of `[from, to)` (a month: the 1st to the next 1st). `withoutStorage`: as if the
    /// storage systems behind the meter had not run.
    public func bill(meter id: String, from: CivilDate, to: CivilDate, withoutStorage: Bool = false) throws -> Bill {
        let m = try setup.meter(id)
        let (a, b) = range(from, to)
        var quarters = try DemandReader(store: store).quarters(meter: id, from: a, to: b)
        if withoutStorage { quarters = try counterfactual(quarters, m, a, b) }
        let pf = try powerFactor(id, a, b)
        do {
            return try calculator(m).bill(from: from, to: to, quarters: quarters, powerFactor: pf)
        } catch let error as TariffError {
            throw EngineError.tariff(error)
        }
    }

    /// The import plus what the storage delivered (or minus what it drew): demand without storage.
    func counterfactual(_ quarters: [QuarterUse], _ m: BilledMeter, _ a: Int64, _ b: Int64) throws -> [QuarterUse] {
        let net = try DemandReader(store: store).storageNet(meters: m.storage, from: a, to: b)
        return quarters.map { q in QuarterUse(start: q.start, kWh: max(0, q.kWh + (net[q.start] ?? 0)), measured: q.measured) }
    }

    /// The period's average power factor: from reactive energy when the meter counts it, else the
    /// energy-weighted mean of its power-factor readings; nil when it gives neither.
    func powerFactor(_ meter: String, _ a: Int64, _ b: Int64) throws -> Double? {
        if let kvarh = try store.series(SeriesKey(meter: meter, quantity: "energy_reactive_import")),
            let kwh = try store.series(SeriesKey(meter: meter, quantity: .energyImport))
        {
            let q = try store.totals(series: [kvarh.id], from: a, to: b).value
            let p = try store.totals(series: [kwh.id], from: a, to: b).value
            guard p > 0 else { return nil }
            return p / (p * p + q * q).squareRoot()
        }
        guard let pf = try store.series(SeriesKey(meter: meter, quantity: "power_factor")) else { return nil }
        let energy = try store.series(SeriesKey(meter: meter, quantity: .energyImport))
        let weights = try energy.map { e in
            Dictionary(try store.rollups(series: e.id, resolution: .quarterHour, from: a, to: b).map { ($0.start, $0.value) }) { x, _ in x }
        }
        var sum = 0.0
        var weight = 0.0
        for bucket in try store.rollups(series: pf.id, resolution: .quarterHour, from: a, to: b) {
            guard let mean = bucket.mean else { continue }
            let w = weights?[bucket.start] ?? 1
            sum += abs(mean) * w
            weight += w
        }
        guard weight > 0 else { return nil }
        let value = sum / weight
        // Some meters give PF in per cent.
        return value > 1.0001 ? value / 100 : value
    }

    // MARK: Demand

    public func demand(meter id: String, from: CivilDate, to: CivilDate, top count: Int = 10) throws -> DemandReport {
        let m = try setup.meter(id)
        let (a, b) = range(from, to)
        let reader = DemandReader(store: store)
        let quarters = try reader.quarters(meter: id, from: a, to: b)
        let bill: Bill
        let calc = calculator(m)
        // The same bill as `bill(meter:…)`, power factor included: the money page shows this one.
        let pf = try powerFactor(id, a, b)
        do { bill = try calc.bill(from: from, to: to, quarters: quarters, powerFactor: pf) } catch let error as TariffError {
            throw EngineError.tariff(error)
        }
        let measured = quarters.filter(\.measured).sorted { $0.kWh > $1.kWh }
        var subs: [String: [Int64: Double]] = [:]
        for sub in m.submeters {
            guard let s = try store.series(SeriesKey(meter: sub, quantity: .energyImport)) else { continue }
            var byStart: [Int64: Double] = [:]
            for q in measured.prefix(count) {
                if let bucket = try store.rollups(series: s.id, resolution: .quarterHour, from: q.start, to: q.start + 1).first {
                    byStart[q.start] = bucket.value * 4
                }
            }
            subs[sub] = byStart
        }
        var top: [DemandReport.TopQuarter] = []
        for q in measured.prefix(count) {
            let period: TOUPeriod
            do { period = try calc.price(at: q.start).period } catch let error as TariffError { throw EngineError.tariff(error) }
            var parts: [String: Double] = [:]
            for (sub, values) in subs { if let v = values[q.start] { parts[sub] = v } }
            top.append(
                .init(start: q.start, period: period, kW: q.demandKW, submeters: parts, otherKW: q.demandKW - parts.values.reduce(0, +)))
        }
        let last = bill.segments.last
        var allowance: [TOUPeriod: Int] = [:]
        if let last {
            for level in last.contracts.kW.isEmpty ? [] : (try? m.tariff.revision(on: last.firstDay))?.structure.ladder(last.season) ?? [] {
                allowance[level.period] = last.contracts.sum(level.serving)
            }
        }
        return DemandReport(meter: id, bill: bill, top: top, loadDuration: measured.map(\.demandKW), allowance: allowance)
    }

    // MARK: Shadow billing

    /// The utility bills imported with an amount (`billed_amount` interval totals, NT$) whose period
    /// overlaps `[from, to)`, each against the reconstruction of its own days.
    public func shadowBills(meter id: String, from: CivilDate, to: CivilDate) throws -> [ShadowBill] {
        let m = try setup.meter(id)
        guard let amounts = try store.series(SeriesKey(meter: id, quantity: .billedAmount)) else { return [] }
        let (a, b) = range(from, to)
        // The kWh the utility billed: `billed_energy` beside a metered meter's counter, else its own interval totals.
        let energy =
            try store.series(SeriesKey(meter: id, quantity: .billedEnergy)) ?? store.series(SeriesKey(meter: id, quantity: .energyImport))
        let energyBills = try energy.map { try store.intervalTotals(series: $0.id, from: a, to: b) } ?? []
        var out: [ShadowBill] = []
        for billed in try store.intervalTotals(series: amounts.id, from: a, to: b) {
            let first = calendar.civilDate(at: billed.startMs)
            let end = calendar.civilDate(at: billed.endMs - 1).adding(days: 1)
            let kWh = energyBills.first { $0.startMs == billed.startMs && $0.endMs == billed.endMs }?.value
            let reconstructed = try bill(meter: id, from: first, to: end)
            out.append(
                ShadowBill(
                    from: first, to: end, billedKWh: kWh, billedAmount: billed.value, reconstructed: reconstructed,
                    cause: cause(billedKWh: kWh, amount: billed.value, bill: reconstructed, meter: m)))
        }
        return out
    }

    func cause(billedKWh: Double?, amount: Double, bill: Bill, meter: BilledMeter) -> ShadowBill.Cause {
        let difference = amount - bill.total
        if abs(difference) <= max(1, abs(amount) * 0.001) { return .agrees }
        if !bill.isComplete { return .missingData(coverage: bill.coverage) }
        if let billedKWh, billedKWh > 0, abs(billedKWh - bill.energyKWh) / billedKWh > 0.005 {
            return .energyDiffers(billedKWh: billedKWh, measuredKWh: bill.energyKWh)
        }
        // A whole number of kW at the regular basic price (prorated as the bill's segments are).
        var perKW = 0.0
        for (i, seg) in bill.segments.enumerated() {
            let price = bill.lines.first { $0.segment == i && $0.kind == .basic && $0.contract == .regular }?.price
            perKW += (price ?? 0) * seg.share
        }
        if perKW > 0 {
            let kW = difference / perKW
            let whole = kW.rounded()
            if whole != 0, abs(kW - whole) * perKW <= 1 { return .contract(kW: Int(whole)) }
        }
        return .tariff
    }

    // MARK: Storage

    /// `billed`: the period's bill with storage when the caller has it already (it is not made again).
    public func storageEarnings(meter id: String, from: CivilDate, to: CivilDate, billed: Bill? = nil) throws -> StorageEarnings? {
        let m = try setup.meter(id)
        guard !m.storage.isEmpty else { return nil }
        let with = try billed ?? bill(meter: id, from: from, to: to)
        let without = try bill(meter: id, from: from, to: to, withoutStorage: true)
        let (a, b) = range(from, to)
        let net = try DemandReader(store: store).storageNet(meters: m.storage, from: a, to: b)
        let calc = calculator(m)
        var discharged = CompensatedSum()
        var dischargedValue = CompensatedSum()
        var charged = CompensatedSum()
        var chargedValue = CompensatedSum()
        for (start, kWh) in net where start >= a && start < b && kWh != 0 {
            let price: Double
            do { price = try calc.price(at: start).price } catch let error as TariffError { throw EngineError.tariff(error) }
            if kWh > 0 {
                discharged.add(kWh)
                dischargedValue.add(kWh * price)
            } else {
                charged.add(-kWh)
                chargedValue.add(-kWh * price)
            }
        }
        let energySaving = without.amount([.energy]) - with.amount([.energy])
        let chargePrice = charged.value > 0 ? chargedValue.value / charged.value : 0
        let arbitrage = dischargedValue.value - discharged.value * chargePrice
        let shaving = without.amount([.overContract]) - with.amount([.overContract])
        // The demand of the dearest period the month has: the peak in summer, the half-peak otherwise.
        let peak = { (bill: Bill) in bill.maxDemand(.peak)?.kW ?? bill.maxDemand(.halfPeak)?.kW ?? 0 }
        return StorageEarnings(
            withStorage: with.total, withoutStorage: without.total, peakShaving: shaving, arbitrage: arbitrage,
            losses: energySaving - arbitrage, other: (without.total - with.total) - shaving - energySaving,
            dischargedKWh: discharged.value, chargedKWh: charged.value, peakWithout: peak(without), peakWith: peak(with))
    }

    // MARK: Contracts

    /// The months `[first, end)` reviewed: each month's bill gives its segments' maxima.
    public func contractReview(meter id: String, first: CivilDate, end: CivilDate, growth: Double = 0.05) throws -> ContractReview {
        let m = try setup.meter(id)
        var segments: [DemandSegment] = []
        var bare: [DemandSegment] = []
        var months: [String] = []
        var perMonth: [(String, [DemandSegment])] = []
        // Months before the tariff or the first contract cannot be billed: the history starts after them.
        var month = first
        for start in [m.tariff.revisions.first?.effective, m.contracts.entries.first?.from].compactMap({ $0 }) {
            let firstWhole = start.day == 1 ? start : CivilDate(year: start.year, month: start.month, day: 1).adding(months: 1)
            month = max(month, firstWhole)
        }
        while month < end {
            let next = month.adding(months: 1)
            let bill = try self.bill(meter: id, from: month, to: next)
            let name = String(month.description.prefix(7))
            months.append(name)
            var own: [DemandSegment] = []
            for seg in bill.segments {
                let revision: TariffRevision
                do { revision = try m.tariff.revision(on: seg.firstDay) } catch let error as TariffError { throw EngineError.tariff(error) }
                own.append(DemandSegment(segment: seg, revision: revision))
            }
            segments += own
            perMonth.append((name, own))
            if !m.storage.isEmpty {
                for seg in try self.bill(meter: id, from: month, to: next, withoutStorage: true).segments {
                    let revision: TariffRevision
                    do { revision = try m.tariff.revision(on: seg.firstDay) } catch let error as TariffError {
                        throw EngineError.tariff(error)
                    }
                    bare.append(DemandSegment(segment: seg, revision: revision))
                }
            }
            month = next
        }
        guard !segments.isEmpty else { throw EngineError.noStoredData(selection: id) }
        let current = m.contracts.entries.last?.contracts ?? Contracts()
        let minimum = (try? m.tariff.revision(on: end.adding(days: -1)))?.minimumContractKW ?? 100
        let optimiser = ContractOptimiser(segments: segments, minimumKW: minimum)
        let best = optimiser.optimum(startingFrom: current)
        let byMonth = perMonth.map { name, segs in
            ContractReview.MonthCost(
                month: name, currentExcess: segs.reduce(0) { $0 + $1.cost(current).excess },
                recommendedExcess: segs.reduce(0) { $0 + $1.cost(best.contracts).excess })
        }
        let regular = best.contracts[.regular]
        let low = max(0, regular * 6 / 10)
        let high = max(regular * 14 / 10, low + 10)
        let step = max(1, (high - low) / 80)
        var curve: [(Int, Double)] = []
        for r in stride(from: low, through: high, by: step) {
            var c = best.contracts
            c[.regular] = r
            guard c.total >= minimum else { continue }
            let parts = optimiser.cost(c)
            curve.append((r, parts.basic + parts.excess))
        }
        let grown = ContractOptimiser(segments: segments.map { $0.scaled(1 + growth) }, minimumKW: minimum)
        let grownCost = grown.cost(best.contracts)
        let withoutStorage =
            bare.isEmpty ? nil : ContractOptimiser(segments: bare, minimumKW: minimum).optimum(startingFrom: best.contracts)
        return ContractReview(
            meter: id, months: months, current: current, currentCost: optimiser.cost(current), recommended: best, byMonth: byMonth,
            curve: curve, growth: growth, recommendedUnderGrowth: grownCost.basic + grownCost.excess,
            optimumUnderGrowth: grown.optimum(startingFrom: best.contracts), withoutStorage: withoutStorage,
            yearFactor: 12 / Double(max(1, months.count)))
    }
}
