import MeterwatchCore

/// Splits `[from, to)` into runs of whole buckets, coarsest first: a half-year is six months, a
/// custom range of dates is days (plus whole months in the middle). Every backend's `totals` reads
/// these pieces, so they sum the same rows.
public enum RollupTiling {
    public static func pieces(from: Int64, to: Int64, calendar: LocalCalendar) -> [(resolution: Resolution, start: Int64, end: Int64)] {
        var pieces: [(Resolution, Int64, Int64)] = []
        func tile(_ from: Int64, _ to: Int64, _ levels: ArraySlice<Resolution>) {
            guard from < to else { return }
            guard let res = levels.first else { return }
            if res == .quarterHour {
                pieces.append((res, from, to))
                return
            }
            let firstFull: Int64 = {
                let b = calendar.bucket(containing: from, resolution: res)
                return b.start == from ? from : b.end
            }()
            let lastFull = calendar.bucket(containing: to, resolution: res).start
            if firstFull < lastFull {
                tile(from, firstFull, levels.dropFirst())
                pieces.append((res, firstFull, lastFull))
                tile(lastFull, to, levels.dropFirst())
            } else {
                tile(from, to, levels.dropFirst())
            }
        }
        tile(from, to, [.month, .day, .hour, .quarterHour])
        return pieces.sorted { $0.1 < $1.1 }
    }
}
