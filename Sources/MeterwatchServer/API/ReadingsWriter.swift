import Foundation
import MeterwatchCore
import MeterwatchStore

/// Readings as JSON, written straight into bytes: the raw and many-series answers carry
/// thousands of points, and Foundation's `JSONEncoder` would spend more on them than the store
/// spends reading them. Numbers are Swift's shortest round-trip form, times ISO 8601 in the site's
/// zone. A missing figure is `null`; a non-finite one makes the whole answer an error (`finished()`),
/// as it does for every answer `JSON.encode` writes.
struct ReadingsWriter {
    let calendar: LocalCalendar
    private var bytes: [UInt8] = []
    private var holdsNonFinite = false
    /// Points written so far (readings or buckets), for `server.limits.points`.
    private(set) var points = 0

    init(calendar: LocalCalendar) {
        self.calendar = calendar
        bytes.reserveCapacity(64 * 1024)
    }

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func string(_ s: String) {
        bytes.append(0x22)
        for u in s.utf8 {
            switch u {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0..<0x20: raw(String(format: "\\u%04x", u))
            default: bytes.append(u)
            }
        }
        bytes.append(0x22)
    }

    mutating func number(_ v: Double?) {
        guard let v else {
            raw("null")
            return
        }
        guard v.isFinite else {
            holdsNonFinite = true
            raw("null")
            return
        }
        raw(v.description)
    }

    /// The JSON written, or the problem of a figure JSON cannot hold.
    func finished() throws -> [UInt8] {
        if holdsNonFinite { throw JSON.nonFiniteFigure }
        return bytes
    }

    mutating func time(_ ms: Int64) {
        bytes.append(0x22)
        calendar.appendISO(ms, to: &bytes)
        bytes.append(0x22)
    }

    /// One series: `{"meter":…, "quantity":…, "unit":…, "kind":…, "resolution":…, "points":[…]}`.
    mutating func series(_ info: SeriesInfo, resolution: String, rollups: [RollupBucket]?, samples: [Sample]?) {
        raw("{\"meter\":")
        string(info.key.meter)
        raw(",\"quantity\":")
        string(info.key.quantity.name)
        raw(",\"unit\":")
        string(info.unit)
        raw(",\"kind\":")
        string(info.kind.rawValue)
        raw(",\"resolution\":")
        string(resolution)
        raw(",\"points\":[")
        points += (rollups?.count ?? 0) + (samples?.count ?? 0)
        let averaged = info.kind == .gauge || info.kind == .state
        for (k, b) in (rollups ?? []).enumerated() {
            if k > 0 { bytes.append(0x2C) }
            raw("{\"start\":")
            time(b.start)
            raw(",\"end\":")
            time(b.end)
            raw(",\"value\":")
            number(averaged ? b.mean : b.value)
            raw(",\"min\":")
            number(b.min)
            raw(",\"max\":")
            number(b.max)
            raw(",\"count\":\(b.count)}")
        }
        for (k, s) in (samples ?? []).enumerated() {
            if k > 0 { bytes.append(0x2C) }
            raw("{\"start\":")
            time(s.ms)
            raw(",\"value\":")
            number(s.value)
            bytes.append(0x7D)
        }
        raw("]}")
    }
}
