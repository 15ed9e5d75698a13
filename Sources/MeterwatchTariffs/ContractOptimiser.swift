/// The contracts (whole kW of each kind) that minimise basic plus over-contract charges over a
/// history of months, with the tariff's minimum total. Exact: a branch and bound over integer kW
/// whose bound on a box of contracts is never above the cost of any point in it (basic charges from
/// the box's lower corner, excesses from its upper one, both monotone), so the optimum is never
/// pruned. The regular and half-peak contracts are narrowed first (the wider in NT$, kW × basic
/// price), then the Saturday and off-peak ones; a coordinate
/// descent gives the first incumbent, so that most of the space is pruned at once. The brute-force
/// test checks it on random histories.
///
/// ```swift
/// let best = ContractOptimiser(segments: months, minimumKW: 100).optimum()
/// best.contracts      // e.g. regular 3,050 kW, off-peak 200 kW
/// best.cost           // NT$ of basic and over-contract charges over the months
/// ```
public struct ContractOptimiser: Sendable {
    public let segments: [DemandSegment]
    public let kinds: [ContractKind]
    public let minimumKW: Int
    /// No contract need exceed the highest demand: beyond it a kW only costs.
    let ceilingKW: Int
    /// The segments as vectors over `kinds`: the search evaluates many points.
    let compiled: [Compiled]
    /// What a kW of each kind costs over the history, to choose the side to split.
    let weight: SIMD4<Double>

    public init(segments: [DemandSegment], minimumKW: Int) {
        self.segments = segments
        let kinds = segments.first?.structure.contractKinds ?? TariffStructure.threeSection.contractKinds
        self.kinds = kinds
        compiled = segments.map { Compiled($0, kinds: kinds) }
        self.minimumKW = minimumKW
        let highest = segments.flatMap { $0.maxDemandKW.values }.max() ?? 0
        ceilingKW = max(minimumKW, Int(highest.rounded(.up)))
        var w = SIMD4<Double>(repeating: 0)
        for s in compiled { w += s.price * s.share + SIMD4(repeating: s.saturdayOffPeakPrice * s.share) }
        weight = w
    }

    public struct Result: Sendable, Hashable {
        public var contracts: Contracts
        public var basic: Double
        public var excess: Double
        public var cost: Double { basic + excess }
        /// Boxes the search looked at (a measure of its work).
        public var visited: Int
    }

    /// Basic and over-contract charges over all segments (the segments' own rules: `DemandSegment.cost`).
    public func cost(_ c: Contracts) -> (basic: Double, excess: Double) {
        var basic = 0.0
        var excess = 0.0
        for s in segments {
            let part = s.cost(c)
            basic += part.basic
            excess += part.excess
        }
        return (basic, excess)
    }

    public func optimum(startingFrom current: Contracts? = nil) -> Result {
        var best = descend(from: current ?? heuristic())
        var bestCost = total(best)
        if let current, current.total >= minimumKW {
            let v = vector(current)
            if v.max() <= ceilingKW, total(v) < bestCost {
                best = v
                bestCost = total(v)
            }
        }
        var visited = 0
        var stack: [(SIMD4<Int>, SIMD4<Int>)] = [(SIMD4(repeating: 0), SIMD4(repeating: ceilingKW))]
        let tolerance = 1e-7
        while let (lo, hi) = stack.popLast() {
            visited += 1
            if hi.wrappedSum() < minimumKW { continue }
            if bound(lo, hi) >= bestCost - tolerance { continue }
            // The regular and half-peak (or non-summer) contracts first: the Saturday and off-peak
            // ones often lie on a plateau (free up to half the others), which a point of the first two
            // prunes whole.
            let width = SIMD4<Double>(hi &- lo)
            let priority = width * weight + width * 1e-9
            let first = hi[0] > lo[0] || hi[1] > lo[1]
            let axis = first ? (priority[0] >= priority[1] ? 0 : 1) : (priority[2] >= priority[3] ? 2 : 3)
            if hi[axis] == lo[axis] {
                // A point (every side is 0 wide).
                if lo.wrappedSum() >= minimumKW {
                    let v = total(lo)
                    if v < bestCost - tolerance {
                        best = lo
                        bestCost = v
                    }
                }
                continue
            }
            let mid = (lo[axis] + hi[axis]) / 2
            var upperLo = lo
            upperLo[axis] = mid + 1
            var lowerHi = hi
            lowerHi[axis] = mid
            // The half holding the incumbent first: it prunes its sibling sooner.
            if best[axis] > mid {
                stack.append((lo, lowerHi))
                stack.append((upperLo, hi))
            } else {
                stack.append((upperLo, hi))
                stack.append((lo, lowerHi))
            }
        }
        let contracts = self.contracts(best)
        let parts = cost(contracts)
        return Result(contracts: contracts, basic: parts.basic, excess: parts.excess, visited: visited)
    }

    func vector(_ c: Contracts) -> SIMD4<Int> {
        var v = SIMD4<Int>(repeating: 0)
        for (i, k) in kinds.enumerated() { v[i] = c[k] }
        return v
    }

    func contracts(_ v: SIMD4<Int>) -> Contracts {
        var c = Contracts()
        for (i, k) in kinds.enumerated() { c[k] = v[i] }
        return c
    }

    func total(_ v: SIMD4<Int>) -> Double { bound(v, v) }

    /// A lower bound of the cost over the box `[lo, hi]` (at a point, its cost).
    func bound(_ lo: SIMD4<Int>, _ hi: SIMD4<Int>) -> Double {
        var sum = 0.0
        for s in compiled { sum += s.bound(lo, hi) }
        return sum
    }

    /// A segment as vectors over the optimiser's kinds.
    struct Compiled: Sendable {
        var share: Double
        var primary: SIMD4<Int>
        var price: SIMD4<Double>
        var saturdayOffPeak: SIMD4<Int>
        var saturdayOffPeakPrice: Double
        var serving: [SIMD4<Int>]
        var demand: [Double]
        var levelPrice: [Double]
        var within: Double
        var beyond: Double
        var threshold: Double

        init(_ s: DemandSegment, kinds: [ContractKind]) {
            func mask(_ list: [ContractKind]) -> SIMD4<Int> {
                var m = SIMD4<Int>(repeating: 0)
                for (i, k) in kinds.enumerated() where list.contains(k) { m[i] = 1 }
                return m
            }
            share = s.share
            let primaryKinds = s.structure.primaryContracts(s.season)
            primary = mask(primaryKinds)
            var p = SIMD4<Double>(repeating: 0)
            for (i, k) in kinds.enumerated() where primaryKinds.contains(k) { p[i] = s.basic[k] ?? 0 }
            price = p
            saturdayOffPeak = mask([.saturday, .offPeak])
            saturdayOffPeakPrice = s.basic[.saturday] ?? 0
            let ladder = s.structure.ladder(s.season)
            serving = ladder.map { mask($0.serving) }
            demand = ladder.map { s.maxDemandKW[$0.period] ?? 0 }
            levelPrice = ladder.map { s.basic[$0.priced] ?? 0 }
            within = s.excessWithin
            beyond = s.excessBeyond
            threshold = s.excessThreshold
        }

        /// Basic charges from `lo`, excesses from `hi` (and the excesses before them from `lo`): a
        /// lower bound over the box, the cost at a point, added in the order `DemandSegment.cost` adds.
        @inline(__always)
        func bound(_ lo: SIMD4<Int>, _ hi: SIMD4<Int>) -> Double {
            var basic = 0.0
            let low = SIMD4<Double>(lo &* primary)
            for i in 0..<4 where primary[i] != 0 { basic += low[i] * price[i] }
            let primaryHigh = Double((hi &* primary).wrappedSum())
            basic += max(0, Double((lo &* saturdayOffPeak).wrappedSum()) - 0.5 * primaryHigh) * saturdayOffPeakPrice
            var excess = 0.0
            var beforeLow = 0.0
            var beforeHigh = 0.0
            for k in 0..<serving.count {
                let allowLow = Double((lo &* serving[k]).wrappedSum())
                let allowHigh = Double((hi &* serving[k]).wrappedSum())
                let xLow = max(0, demand[k] - allowHigh - beforeHigh)
                let xHigh = max(0, demand[k] - allowLow - beforeLow)
                let band = threshold * allowHigh
                excess += levelPrice[k] * (within * min(xLow, band) + beyond * max(0, xLow - band))
                beforeLow = max(beforeLow, xLow)
                beforeHigh = max(beforeHigh, xHigh)
            }
            return basic * share + excess * share
        }
    }

    /// Contracts that just cover each period's highest demand, in ladder order.
    func heuristic() -> Contracts {
        var c = Contracts()
        for season in [Season.summer, .nonSummer] {
            for s in segments where s.season == season {
                for level in s.structure.ladder(season) {
                    let need = Int((s.maxDemandKW[level.period] ?? 0).rounded(.up))
                    let have = c.sum(level.serving)
                    if need > have, let kind = level.serving.last { c[kind] += need - have }
                }
            }
        }
        if c.total < minimumKW { c[.regular] += minimumKW - c.total }
        return c
    }

    /// Coordinate descent, each kind in turn: a coarse scan of its range, then every kW around the
    /// best, until no move helps. Only an incumbent: the search proves the optimum.
    func descend(from start: Contracts) -> SIMD4<Int> {
        var c = vector(start)
        for i in 0..<4 { c[i] = min(max(0, c[i]), ceilingKW) }
        if c.wrappedSum() < minimumKW { c[0] += minimumKW - c.wrappedSum() }
        var value = total(c)
        let coarse = max(1, ceilingKW / 64)
        var improved = true
        var rounds = 0
        while improved && rounds < 20 {
            improved = false
            rounds += 1
            for k in 0..<4 {
                let others = c.wrappedSum() - c[k]
                let lowest = max(0, minimumKW - others)
                guard lowest <= ceilingKW else { continue }
                var bestV = c[k]
                var trial = c
                for v in stride(from: lowest, through: ceilingKW, by: coarse) {
                    trial[k] = v
                    let t = total(trial)
                    if t < value - 1e-7 {
                        value = t
                        bestV = v
                    }
                }
                for v in max(lowest, bestV - coarse)...min(ceilingKW, bestV + coarse) {
                    trial[k] = v
                    let t = total(trial)
                    if t < value - 1e-7 {
                        value = t
                        bestV = v
                    }
                }
                if bestV != c[k] {
                    c[k] = bestV
                    improved = true
                }
            }
        }
        return c
    }
}
