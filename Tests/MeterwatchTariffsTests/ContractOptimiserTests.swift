import MeterwatchCore
import MeterwatchTariffs
import MeterwatchTestSupport
import Testing

@Suite struct ContractOptimiserTests {
    static let revision = try! TariffCatalog(folders: []).tariff("taipower-hv-three-section").latest

    static func segment(_ season: Season, _ demand: [TOUPeriod: Double], share: Double = 1) -> DemandSegment {
        let seg = BillSegment(
            firstDay: CivilDate(year: 2026, month: season == .summer ? 7 : 1, day: 1), lastDay: CivilDate(year: 2026, month: 7, day: 31),
            tariff: revision.id, tariffEffective: revision.effective, season: season, contracts: Contracts(), share: share, energyKWh: [:],
            maxDemand: demand.mapValues { PeakDemand(kW: $0, at: 0) }, overContract: [])
        return DemandSegment(segment: seg, revision: revision)
    }

    /// Every point of the box, by the segments' own cost.
    static func bruteForce(_ o: ContractOptimiser, ceiling: Int) -> Double {
        var best = Double.infinity
        for r in 0...ceiling {
            for h in 0...ceiling {
                for s in 0...ceiling {
                    for f in 0...ceiling where r + h + s + f >= o.minimumKW {
                        let c = o.cost(Contracts([.regular: r, .halfPeak: h, .saturday: s, .offPeak: f]))
                        best = min(best, c.basic + c.excess)
                    }
                }
            }
        }
        return best
    }

    @Test func agreesWithBruteForceOnRandomHistories() {
        var random = SeededRandom(seed: 2026)
        for round in 0..<12 {
            var segments: [DemandSegment] = []
            for m in 0..<Int(random.int(2...4)) {
                var demand: [TOUPeriod: Double] = [:]
                for p in TOUPeriod.allCases where random.int(0...5) > 0 { demand[p] = Double(random.int(0...110)) / 10 }
                segments.append(Self.segment(m % 2 == 0 ? .summer : .nonSummer, demand, share: round % 3 == 0 ? 0.5 : 1))
            }
            let o = ContractOptimiser(segments: segments, minimumKW: Int(random.int(0...6)))
            let found = o.optimum()
            let expected = Self.bruteForce(o, ceiling: 11)
            #expect(abs(found.cost - expected) < 1e-6, "round \(round): \(found.contracts) \(found.cost) against \(expected)")
        }
    }

    @Test func aSummerPeakIsCheaperToPayThanToContractForAllYear() {
        // Eleven months at 3,000 kW in every period and one summer month at 3,300 kW at peak: a 300 kW
        // excess paid once (50 % × 2, the rest × 3 at 223.60) against 300 kW of contract paid twelve times.
        var months = (0..<11).map { m in
            Self.segment(m < 4 ? .summer : .nonSummer, [.peak: 3_000, .halfPeak: 3_000, .saturdayHalfPeak: 2_000, .offPeak: 1_500])
        }
        months.append(Self.segment(.summer, [.peak: 3_300, .halfPeak: 3_000, .saturdayHalfPeak: 2_000, .offPeak: 1_500]))
        let o = ContractOptimiser(segments: months, minimumKW: 100)
        let best = o.optimum()
        #expect(best.contracts[.regular] < 3_300 && best.contracts[.regular] >= 3_000, "\(best.contracts)")
        #expect(best.cost <= o.cost(Contracts([.regular: 3_300])).basic + o.cost(Contracts([.regular: 3_300])).excess)
        #expect(best.excess > 0)
    }

    @Test func theMinimumContractHolds() {
        let o = ContractOptimiser(segments: [Self.segment(.nonSummer, [.offPeak: 20])], minimumKW: 100)
        #expect(o.optimum().contracts.total == 100)
    }
}
