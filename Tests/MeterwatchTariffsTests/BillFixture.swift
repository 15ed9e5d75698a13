import MeterwatchCore
import MeterwatchTariffs

/// Quarter hours of a month with a constant load and a few quarters set by hand, billed with the
/// built-in tariffs in Taipei's zone.
struct BillFixture {
    static let calendar = try! LocalCalendar(timeZone: "Asia/Taipei")
    static let catalog = try! TariffCatalog(folders: [])

    var tariffID = "taipower-hv-three-section"
    var contracts: [(CivilDate, Contracts)] = [(CivilDate(year: 2025, month: 10, day: 1), Contracts([.regular: 500]))]
    /// kWh in every quarter, unless `overrides` says otherwise (local day, "HH:MM" of the quarter's start).
    var base = 100.0
    var overrides: [(CivilDate, String, Double)] = []

    func quarters(from: CivilDate, to: CivilDate) -> [QuarterUse] {
        let c = Self.calendar
        var special: [Int64: Double] = [:]
        for (day, time, kWh) in overrides {
            let parts = time.split(separator: ":").compactMap { Int($0) }
            special[c.startOfDay(day) + Int64(parts[0]) * 3_600_000 + Int64(parts[1]) * 60_000] = kWh
        }
        var out: [QuarterUse] = []
        var t = c.startOfDay(from)
        let end = c.startOfDay(to)
        while t < end {
            out.append(QuarterUse(start: t, kWh: special[t] ?? base, measured: true))
            t += LocalCalendar.quarterMs
        }
        return out
    }

    func calculator() throws -> BillCalculator {
        BillCalculator(
            tariff: try Self.catalog.tariff(tariffID), contracts: ContractSchedule(contracts.map { (from: $0.0, contracts: $0.1) }),
            calendar: Self.calendar)
    }

    func bill(_ from: CivilDate, _ to: CivilDate, powerFactor: Double? = nil, drop: (QuarterUse) -> Bool = { _ in false }) throws -> Bill {
        try calculator().bill(from: from, to: to, quarters: quarters(from: from, to: to).filter { !drop($0) }, powerFactor: powerFactor)
    }
}

extension Bill {
    func sum(_ kinds: Set<BillLine.Kind>) -> Double { amount(kinds) }
    func energy(_ period: TOUPeriod) -> Double { segments.reduce(0) { $0 + ($1.energyKWh[period] ?? 0) } }
}

func close(_ a: Double, _ b: Double, within: Double = 1e-6) -> Bool { abs(a - b) <= within }
