import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchEngine
import MeterwatchStore
import MeterwatchTariffs

/// Issue 28's figures: a meter-year billed from stored 15-minute counters (read, demand, tariff),
/// the same year billed from quarters already in memory (the tariff arithmetic alone), 100 meters'
/// year, and the contract optimiser over 12 months, against pricing one candidate contract.
enum MoneyBench {
    static func run(workDir: String, calendar: LocalCalendar, full: Bool) throws {
        let meters = 100
        var yaml = "site: { name: Bench, timezone: \(calendar.timeZoneIdentifier) }\nstorage: { path: \(workDir)/money.sqlite }\nmeters:\n"
        for i in 1...meters {
            yaml += "  - id: m\(i)\n    category: electricity\n"
            yaml += "    billing: { tariff: taipower-hv-three-section, contracts: [{ from: 2025-10-01, regular: 900, half_peak: 100 }] }\n"
        }
        let config = try SiteConfig.parse(yaml: yaml, file: "\(workDir)/money.yaml")
        let store = try MeterStore(path: config.storage.path, calendar: calendar)
        let first = CivilDate(year: 2025, month: 10, day: 1)
        let start = calendar.startOfDay(first)
        let end = calendar.startOfDay(CivilDate(year: 2026, month: 10, day: 1))
        let step = LocalCalendar.quarterMs
        let specs = (1...meters).map { SeriesSpec(key: SeriesKey(meter: "m\($0)", quantity: .energyImport), kind: .counter, unit: "kWh") }
        // A day shape (night 100 kWh a quarter, working hours up to 250) with a seeded jitter, so
        // that each month has its own peak.
        var rng = AlertBench.Random(state: 28)
        let build = try seconds {
            var counters = [Double](repeating: 0, count: meters)
            var t = start
            while t < end {
                let chunkEnd = min(end, t + 30 * msPerDay)
                var batch: [SeriesSpec: [Sample]] = [:]
                for (k, spec) in specs.enumerated() {
                    var samples: [Sample] = []
                    for ms in stride(from: t, to: chunkEnd, by: Int(step)) {
                        samples.append(Sample(ms: ms, value: counters[k]))
                        let hour = Int(floorMod(calendar.rules.localMs(fromUTC: ms), msPerDay) / 3_600_000)
                        counters[k] += (hour >= 8 && hour < 18 ? 200 : 100) + rng.next() * 50
                    }
                    batch[spec] = samples
                }
                try store.ingest(samples: batch)
                t = chunkEnd
            }
        }
        let quarters = Int((end - start) / step)
        print(
            "\n== Money (\(meters) billed meters × 1 year of 15-minute counters = \(quarters * meters) quarters; "
                + "built in \(fmt(build, 1)) s)"
        )
        let engine = BillingEngine(setup: try BillingSetup(config: config), store: store)
        func yearOfBills(_ meter: String) throws -> Double {
            var total = 0.0
            var month = first
            while month < CivilDate(year: 2026, month: 10, day: 1) {
                total += try engine.bill(meter: meter, from: month, to: month.adding(months: 1)).total
                month = month.adding(months: 1)
            }
            return total
        }
        var stored: [Double] = []
        var total = 0.0
        for _ in 0..<(full ? 20 : 7) { stored.append(try seconds { total = try yearOfBills("m1") }) }
        // The same twelve bills from quarters in memory: what the tariff arithmetic costs alone.
        let billed = try engine.setup.meter("m1")
        let calculator = BillCalculator(tariff: billed.tariff, contracts: billed.contracts, calendar: calendar)
        let inMemory = try DemandReader(store: store).quarters(meter: "m1", from: start, to: end)
        var arithmetic: [Double] = []
        var again = 0.0
        for _ in 0..<(full ? 50 : 15) {
            arithmetic.append(
                try seconds {
                    again = 0
                    var month = first
                    while month < CivilDate(year: 2026, month: 10, day: 1) {
                        let next = month.adding(months: 1)
                        let range = calculator.range(from: month, to: next)
                        let slice = inMemory.filter { $0.start >= range.from && $0.start < range.to }
                        again += try calculator.bill(from: month, to: next, quarters: slice).total
                        month = next
                    }
                })
        }
        print(
            "a meter-year (12 bills) from the store: median \(fmt(median(stored) * 1000, 2)) ms; from quarters in memory: "
                + "\(fmt(median(arithmetic) * 1000, 2)) ms "
                + "(reading and aligning is \(fmt(median(stored) / median(arithmetic), 1))× the arithmetic); "
                + "NT$ \(fmt(total, 2)) both ways: \(total == again)")
        // Where the store's time goes: the year's quarters read at once, and month by month.
        let reader = DemandReader(store: store)
        var once: [Double] = []
        var monthly: [Double] = []
        for _ in 0..<(full ? 20 : 7) {
            once.append(try seconds { _ = try reader.quarters(meter: "m1", from: start, to: end) })
            monthly.append(
                try seconds {
                    var month = first
                    while month < CivilDate(year: 2026, month: 10, day: 1) {
                        let next = month.adding(months: 1)
                        _ = try reader.quarters(meter: "m1", from: calendar.startOfDay(month), to: calendar.startOfDay(next))
                        month = next
                    }
                })
        }
        print("the year's quarters read at once: \(fmt(median(once) * 1000, 2)) ms; month by month: \(fmt(median(monthly) * 1000, 2)) ms")
        let all = try seconds {
            for i in 1...meters { _ = try yearOfBills("m\(i)") }
        }
        print("\(meters) meters' years (\(meters * 12) bills): \(fmt(all, 2)) s, \(fmt(all / Double(meters) * 1000, 2)) ms a meter-year")
        // The optimiser over the 12 months' demand segments against one candidate priced.
        var review: [Double] = []
        var result: ContractReview?
        for _ in 0..<(full ? 10 : 5) {
            review.append(
                try seconds { result = try engine.contractReview(meter: "m1", first: first, end: CivilDate(year: 2026, month: 10, day: 1)) }
            )
        }
        var segments: [DemandSegment] = []
        var month = first
        while month < CivilDate(year: 2026, month: 10, day: 1) {
            let bill = try engine.bill(meter: "m1", from: month, to: month.adding(months: 1))
            for seg in bill.segments {
                segments.append(DemandSegment(segment: seg, revision: try billed.tariff.revision(on: seg.firstDay)))
            }
            month = month.adding(months: 1)
        }
        let optimiser = ContractOptimiser(segments: segments, minimumKW: 100)
        var search: [Double] = []
        var best: ContractOptimiser.Result?
        for _ in 0..<(full ? 50 : 15) {
            search.append(seconds { best = optimiser.optimum(startingFrom: billed.contracts.entries.last?.contracts) })
        }
        var one: [Double] = []
        let current = billed.contracts.entries.last?.contracts ?? Contracts()
        for _ in 0..<(full ? 50 : 15) { one.append(seconds { for _ in 0..<1000 { _ = optimiser.cost(current) } } / 1000) }
        let saving = result.map { $0.currentCost.basic + $0.currentCost.excess - $0.recommended.cost } ?? 0
        print(
            "contract review over 12 months (bills, search, curve): median \(fmt(median(review) * 1000, 1)) ms; "
                + "the exact search alone: \(fmt(median(search) * 1000, 2)) ms "
                + "= \(fmt(median(search) / median(one), 0)) candidates' pricing "
                + "(one: \(fmt(median(one) * 1e6, 2)) µs); recommended \(best.map { "\($0.contracts)" } ?? "-"), "
                + "saving NT$ \(fmt(saving, 0)) a year"
        )
    }
}
