import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchTariffs

/// The Electricity bill page: a billed meter's month in NT$ (the bill's lines, its demand with the
/// highest quarter hours and the load-duration curve, the storage system's earnings, utility bills
/// against the reconstruction) and its contracts against the cheapest ones over the last year.
struct MoneyView: Sendable {
    let layout: LayoutView
    let form: Form?
    let none: String?
    let error: String?
    let bill: BillPanel?
    let demand: DemandPanel?
    let storage: StoragePanel?
    let shadow: ShadowPanel?
    let contracts: ContractPanel?

    struct Form: Sendable {
        let lang: String
        let site: String?
        let meterLabel: String
        let meters: [Option]
        let monthLabel: String
        let month: String
        let showLabel: String
    }

    struct Option: Sendable {
        let id: String
        let name: String
        let selected: Bool
    }

    struct Line: Sendable {
        let label: String
        let quantity: String
        let price: String
        let amount: String
    }

    struct BillPanel: Sendable {
        let title: String
        let segments: [String]
        let lines: [Line]
        let totalLabel: String
        let total: String
        let incomplete: String?
        let demandTitle: String
        let demand: [String]
    }

    struct DemandPanel: Sendable {
        let title: String
        let headers: [String]
        let rows: [[String]]
        let chartTitle: String
        let chart: String
    }

    struct StoragePanel: Sendable {
        let title: String
        let rows: [Line]
    }

    struct ShadowPanel: Sendable {
        let title: String
        let rows: [Line]
    }

    struct ContractPanel: Sendable {
        let title: String
        let headers: [String]
        let rows: [[String]]
        let saving: String
        let excessTitle: String
        let excess: [[String]]
        let growth: String
        let headroom: String?
        let chart: String
    }

    init(_ c: PageContext, _ def: DashboardDefinition) throws {
        layout = c.layout(def)
        let config = c.state.config
        let billed = config.meters.filter { $0.billing != nil }
        let today = c.calendar.civilDate(at: c.now)
        let thisMonth = CivilDate(year: today.year, month: today.month, day: 1)
        let monthText = c.query["month"] ?? String(thisMonth.adding(months: -1).description.prefix(7))
        let meterID = c.query["meter"] ?? billed.first?.id
        form =
            billed.isEmpty
            ? nil
            : Form(
                lang: c.lang.rawValue, site: c.query["site"], meterLabel: c.t(.meter),
                meters: billed.map { Option(id: $0.id, name: $0.displayName(c.lang), selected: $0.id == meterID) },
                monthLabel: c.t(.period), month: monthText, showLabel: c.t(.show))
        guard let meterID, !billed.isEmpty else {
            (none, error, bill, demand, storage, shadow, contracts) = (c.t(.noBilledMeter), nil, nil, nil, nil, nil, nil)
            return
        }
        none = nil
        guard let period = try? Period.parse(monthText), period.kind == .month else {
            (error, bill, demand, storage, shadow, contracts) = (c.t(.badPeriod(monthText)), nil, nil, nil, nil, nil)
            return
        }
        var parts: (BillPanel?, DemandPanel?, StoragePanel?, ShadowPanel?, ContractPanel?) = (nil, nil, nil, nil, nil)
        var problem: String?
        do {
            let engine = BillingEngine(setup: try c.state.billingSetup(), store: c.state.engine(now: c.now).store)
            let report = try engine.demand(meter: meterID, from: period.start, to: period.end, top: 10)
            parts.0 = Self.billPanel(c, report.bill, meter: meterID, tariff: try? engine.setup.meter(meterID).tariff)
            parts.1 = Self.demandPanel(c, report)
            parts.2 = try engine.storageEarnings(meter: meterID, from: period.start, to: period.end, billed: report.bill).map {
                Self.storagePanel(c, $0)
            }
            let shadows = try engine.shadowBills(meter: meterID, from: period.start, to: period.end)
            parts.3 = shadows.isEmpty ? nil : Self.shadowPanel(c, shadows)
            // The contracts over the twelve complete months before this one.
            parts.4 = (try? engine.contractReview(meter: meterID, first: thisMonth.adding(months: -12), end: thisMonth))
                .map { Self.contractPanel(c, $0) }
        } catch let e as EngineError {
            problem = c.t(e.phrase)
        }
        error = problem
        (bill, demand, storage, shadow, contracts) = parts
    }

    static func ntd(_ v: Double, _ decimals: Int = 0) -> String { "NT$" + DisplayFormat.number(v, decimals: decimals) }

    /// `tariff`: names each segment's revision in the page's language (its id when unknown).
    static func billPanel(_ c: PageContext, _ bill: Bill, meter: String, tariff: Tariff?) -> BillPanel {
        let name = c.state.config.meter(id: meter)?.displayName(c.lang) ?? meter
        let lines = bill.lines.map { l in
            Line(
                label: BillLineText.label(l, in: bill, c.lang), quantity: BillLineText.quantity(l), price: BillLineText.price(l),
                amount: ntd(l.amount, 2))
        }
        let demand = TOUPeriod.allCases.compactMap { p in
            bill.maxDemand(p).map { "\(c.t(.touPeriod(p.rawValue))) \(DisplayFormat.number($0.kW, decimals: 1)) kW" }
        }
        return BillPanel(
            title: "\(name): " + c.t(.billFor(period: String(bill.from.description.prefix(7)))),
            segments: bill.segments.map { s in
                let comma = c.lang.pick(", ", "，")
                let tariffName = tariff?.revisions.first { $0.effective == s.tariffEffective }?.name.text(c.lang) ?? s.tariff
                return "\(s.firstDay)…\(s.lastDay): \(tariffName)" + comma
                    + c.t(s.season == .summer ? .summerMonth : .nonSummerMonth) + comma
                    + ContractKind.allCases.filter { s.contracts[$0] != 0 }.map {
                        "\(c.t(.contractKind($0.rawValue))) \(s.contracts[$0]) kW"
                    }
                    .joined(separator: comma)
            },
            lines: lines, totalLabel: c.t(.billTotal), total: ntd(bill.total),
            incomplete: bill.isComplete ? nil : c.t(.billIncomplete(coverage: bill.coverage)), demandTitle: c.t(.maxDemand),
            demand: demand)
    }

    static func demandPanel(_ c: PageContext, _ r: DemandReport) -> DemandPanel {
        let subs = Array(Set(r.top.flatMap { $0.submeters.keys })).sorted()
        let names = subs.map { c.state.config.meter(id: $0)?.displayName(c.lang) ?? $0 }
        return DemandPanel(
            title: c.t(.topQuarters), headers: ["", "", "kW"] + names + [c.t(.otherLoad)],
            rows: r.top.map { q in
                [
                    c.calendar.isoString(q.start).prefix(16).replacingOccurrences(of: "T", with: " "), c.t(.touPeriod(q.period.rawValue)),
                    DisplayFormat.number(q.kW, decimals: 1),
                ]
                    + subs.map { q.submeters[$0].map { DisplayFormat.number($0, decimals: 1) } ?? "" }
                    + [DisplayFormat.number(q.otherKW, decimals: 1)]
            }, chartTitle: c.t(.loadDuration), chart: LoadDurationChart.svg(r, c.lang))
    }

    static func storagePanel(_ c: PageContext, _ e: StorageEarnings) -> StoragePanel {
        StoragePanel(
            title: c.t(.storageEarnings),
            rows: [
                Line(
                    label: c.t(.withoutStorage), quantity: DisplayFormat.number(e.peakWithout, decimals: 1) + " kW", price: "",
                    amount: ntd(e.withoutStorage)),
                Line(
                    label: c.t(.withStorage), quantity: DisplayFormat.number(e.peakWith, decimals: 1) + " kW", price: "",
                    amount: ntd(e.withStorage)),
                Line(label: c.t(.peakShaving), quantity: "", price: "", amount: ntd(e.peakShaving)),
                Line(
                    label: c.t(.touArbitrage), quantity: DisplayFormat.number(e.dischargedKWh, decimals: 0) + " kWh", price: "",
                    amount: ntd(e.arbitrage)),
                Line(
                    label: c.t(.storageLosses), quantity: DisplayFormat.number(e.chargedKWh - e.dischargedKWh, decimals: 0) + " kWh",
                    price: "", amount: ntd(e.losses)),
                Line(label: c.t(.billTotal), quantity: "", price: "", amount: ntd(e.total)),
            ])
    }

    static func shadowPanel(_ c: PageContext, _ bills: [ShadowBill]) -> ShadowPanel {
        ShadowPanel(
            title: c.t(.shadowBill),
            rows: bills.map { s in
                let cause: String =
                    switch s.cause {
                    case .agrees: c.t(.shadowAgrees)
                    case .missingData(let v): c.t(.shadowMissingData(coverage: v))
                    case let .energyDiffers(b, m): c.t(.shadowEnergyDiffers(billed: b, measured: m))
                    case .contract(let kW): c.t(.shadowContract(kW: kW))
                    case .tariff: c.t(.shadowTariff)
                    }
                return Line(
                    label: "\(s.from)…\(s.to.adding(days: -1))", quantity: ntd(s.billedAmount), price: ntd(s.reconstructed.total),
                    amount: ntd(s.difference) + " · " + cause)
            })
    }

    static func contractPanel(_ c: PageContext, _ r: ContractReview) -> ContractPanel {
        let f = r.yearFactor
        let current = r.currentCost.basic + r.currentCost.excess
        let kinds = ContractKind.allCases.filter { r.current[$0] != 0 || r.recommended.contracts[$0] != 0 }
        var rows = kinds.map { k in [c.t(.contractKind(k.rawValue)), "\(r.current[k]) kW", "\(r.recommended.contracts[k]) kW"] }
        rows.append(["NT$", ntd(current * f), ntd(r.recommended.cost * f)])
        return ContractPanel(
            title: c.t(.contractCapacity) + " (\(r.months.first ?? "")…\(r.months.last ?? ""))",
            headers: ["", c.t(.currentContracts), c.t(.recommendedContracts)], rows: rows,
            saving: c.t(.contractSaving(amount: (current - r.recommended.cost) * f, months: r.months.count)),
            excessTitle: c.t(.monthsWithExcess),
            excess: r.byMonth.filter { $0.currentExcess > 0 || $0.recommendedExcess > 0 }.map {
                [$0.month, ntd($0.currentExcess), ntd($0.recommendedExcess)]
            },
            growth: c.t(.hotterYear(percent: r.growth * 100)) + ": " + c.t(.recommendedContracts) + " " + ntd(r.recommendedUnderGrowth * f)
                + " · "
                + ContractKind.allCases.filter { r.optimumUnderGrowth.contracts[$0] != 0 }.map {
                    "\(c.t(.contractKind($0.rawValue))) \(r.optimumUnderGrowth.contracts[$0]) kW"
                }.joined(separator: ", ") + " " + ntd(r.optimumUnderGrowth.cost * f),
            headroom: r.withoutStorage.map {
                c.t(
                    .storageContractHeadroom(
                        kW: $0.contracts.total - r.recommended.contracts.total, amount: ($0.cost - r.recommended.cost) * f))
            },
            chart: ContractCurveChart.svg(r, c.lang))
    }
}
