import MeterwatchCore

/// Adds rollup rows into a `RollupTotal` with compensated sums, in one canonical order: the order of
/// the series as the caller listed them, then time. Series ids differ between backends (SQLite's
/// file, PostgreSQL's central), the caller's list does not, so every backend gets the same last digit.
public struct RollupTotalSum: Sendable {
    var value = CompensatedSum()
    var estimated = CompensatedSum()
    var observedMs: Int64 = 0
    var count = 0

    public init() {}

    public mutating func add(_ row: RollupTotalRow) {
        value.add(row.value)
        estimated.add(row.estimated)
        observedMs += row.observedMs
        count += row.count
    }

    public var total: RollupTotal { RollupTotal(value: value.value, estimated: estimated.value, observedMs: observedMs, count: count) }

    /// `rows` in canonical order: by the position of their series in `ids`, then by start.
    public static func ordered(_ rows: [RollupTotalRow], as ids: [Int64]) -> [RollupTotalRow] {
        var rank: [Int64: Int] = [:]
        for (i, id) in ids.enumerated() where rank[id] == nil {
            rank[id] = i
        }
        return rows.sorted { a, b in
            let ra = rank[a.series] ?? Int.max
            let rb = rank[b.series] ?? Int.max
            return ra != rb ? ra < rb : a.start < b.start
        }
    }

    /// The sum of `rows` over the series `ids`.
    public static func total(_ rows: [RollupTotalRow], series ids: [Int64]) -> RollupTotal {
        var sum = RollupTotalSum()
        for row in ordered(rows, as: ids) {
            sum.add(row)
        }
        return sum.total
    }

    /// Sums of `rows` per bucket start, over the series `ids`.
    public static func perStart(_ rows: [RollupTotalRow], series ids: [Int64]) -> [Int64: RollupTotal] {
        var sums: [Int64: RollupTotalSum] = [:]
        for row in ordered(rows, as: ids) {
            sums[row.start, default: RollupTotalSum()].add(row)
        }
        return sums.mapValues(\.total)
    }
}
