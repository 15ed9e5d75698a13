/// Merges neighbouring points into as few reads as possible (the coalescing algorithm of
/// `shared/reference/modbus.md` §4.2): per table, sorted by address; a point joins the current
/// read unless the registers skipped exceed `maxGap`, the read would exceed `maxRegisters`, or
/// the skipped registers touch a declared hole. A point never straddles two reads.
public enum RequestPlanner {
    public static func plan(
        _ points: [PlacedPoint], maxRegisters: Int, maxGap: Int,
        holes: [RegisterHole] = [], learned: LearnedLimits = LearnedLimits()
    ) -> [ReadRequest] {
        var out: [ReadRequest] = []
        for table in RegisterTable.allCases {
            let fields = points.filter { $0.table == table }.sorted {
                ($0.address, -$0.count, $0.index) < ($1.address, -$1.count, $1.index)
            }
            guard !fields.isEmpty else { continue }
            let limit = min(table.protocolLimit, table.isBits ? table.protocolLimit : maxRegisters)
            var cur: ReadRequest?
            for f in fields {
                guard var c = cur else {
                    cur = ReadRequest(table: table, start: f.address, count: f.count, points: [f.index])
                    continue
                }
                let gap = f.address - c.end
                let newEnd = max(c.end, f.end)
                var split = gap > maxGap || newEnd - c.start > limit
                if !split, gap > 0, holes.contains(where: { $0.table == table && $0.overlaps(c.end, f.address) }) { split = true }
                if !split, gap > 0, learned.noGap.contains(where: { $0.table == table && $0.overlaps(c.start, newEnd) }) { split = true }
                if !split, learned.single.contains(where: { $0.table == table && $0.overlaps(c.start, newEnd) }) { split = true }
                if split {
                    out.append(c)
                    cur = ReadRequest(table: table, start: f.address, count: f.count, points: [f.index])
                } else {
                    c.count = newEnd - c.start
                    c.points.append(f.index)
                    cur = c
                }
            }
            if let c = cur { out.append(c) }
        }
        return out
    }

    /// One read per point: the strategy peers such as mbmd use, kept as the benchmark's baseline.
    public static func onePerPoint(_ points: [PlacedPoint]) -> [ReadRequest] {
        points.map { ReadRequest(table: $0.table, start: $0.address, count: $0.count, points: [$0.index]) }
    }
}
