import Foundation
import Synchronization

public let msPerMinute: Int64 = 60_000
public let msPerHour: Int64 = 3_600_000
public let msPerDay: Int64 = 86_400_000

/// Floor division for possibly negative numbers (`-1 / 15` is 0 in Swift; we need -1).
@inlinable public func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

@inlinable public func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

/// UTC offsets of one IANA time zone, answered in nanoseconds after a first look at a year.
///
/// ```swift
/// let taipei = try TimeZoneRules(identifier: "Asia/Taipei")
/// taipei.offsetMs(atUTC: 0)                        // 28_800_000
/// taipei.resolveLocal(localMs)                     // .unique(utcMs)
/// ```
/// Why not `TimeZone` directly: every rollup maps thousands of buckets to local hours, days and
/// months, and `secondsFromGMT(for:)` costs microseconds. We sample Foundation's rules every six
/// hours per 366-day chunk, bisect every change to the second and cache the transitions.
public final class TimeZoneRules: Sendable {
    public let identifier: String
    private let timeZone: TimeZone
    private let chunks = Mutex<[Int64: Chunk]>([:])

    private struct Chunk: Sendable {
        var initialOffsetMs: Int64
        var transitions: [(atMs: Int64, offsetMs: Int64)]
    }

    private static let chunkLengthMs: Int64 = 366 * msPerDay
    private static let probeStepMs: Int64 = 6 * msPerHour

    public struct UnknownTimeZone: Error, CustomStringConvertible {
        public let identifier: String
        public var description: String { "unknown time zone '\(identifier)' (expected an IANA name such as Asia/Taipei)" }
    }

    public init(identifier: String) throws {
        guard let tz = TimeZone(identifier: identifier) else { throw UnknownTimeZone(identifier: identifier) }
        self.identifier = identifier
        self.timeZone = tz
    }

    public static let utc = try! TimeZoneRules(identifier: "UTC")

    private func foundationOffsetMs(_ ms: Int64) -> Int64 {
        Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(ms) / 1000))) * 1000
    }

    private func buildChunk(_ index: Int64) -> Chunk {
        let start = index * Self.chunkLengthMs
        let end = start + Self.chunkLengthMs
        var chunk = Chunk(initialOffsetMs: foundationOffsetMs(start), transitions: [])
        var previousAt = start
        var previousOffset = chunk.initialOffsetMs
        var t = start + Self.probeStepMs
        while t <= end {
            let off = foundationOffsetMs(t)
            if off != previousOffset {
                // Bisect (previousAt, t] to the second where the offset changes.
                var lo = previousAt
                var hi = t
                while hi - lo > 1000 {
                    let mid = lo + (hi - lo) / 2 / 1000 * 1000
                    let m = mid == lo ? lo + 1000 : mid
                    if foundationOffsetMs(m) == previousOffset { lo = m } else { hi = m }
                }
                if hi < end { chunk.transitions.append((hi, off)) }
                previousOffset = off
            }
            previousAt = t
            t += Self.probeStepMs
        }
        return chunk
    }

    /// Offset from UTC in milliseconds at a UTC instant.
    public func offsetMs(atUTC ms: Int64) -> Int64 {
        let index = floorDiv(ms, Self.chunkLengthMs)
        let chunk = chunks.withLock { cache -> Chunk in
            if let c = cache[index] { return c }
            let c = buildChunk(index)
            cache[index] = c
            return c
        }
        var offset = chunk.initialOffsetMs
        for tr in chunk.transitions where tr.atMs <= ms { offset = tr.offsetMs }
        return offset
    }

    public enum LocalResolution: Equatable, Sendable {
        case unique(Int64)
        /// The local time occurs twice (DST fall-back); `earlier` is the first occurrence.
        case ambiguous(earlier: Int64, later: Int64)
        /// The local time is skipped (DST spring-forward); `firstAfter` is the first instant after the gap.
        case nonexistent(firstAfter: Int64)
    }

    /// Maps a local wall-clock time (milliseconds since 1970-01-01T00:00 local) to UTC.
    public func resolveLocal(_ localMs: Int64) -> LocalResolution {
        let before = offsetMs(atUTC: localMs - msPerDay)
        let after = offsetMs(atUTC: localMs + msPerDay)
        var valid: [Int64] = []
        for o in Set([before, after]) where offsetMs(atUTC: localMs - o) == o { valid.append(localMs - o) }
        valid.sort()
        switch valid.count {
        case 0:
            // In a spring-forward gap: the first existing instant is the transition itself.
            var lo = localMs - before - msPerDay
            var hi = localMs - before  // offset(lo) == before, offset(hi) != before
            while hi - lo > 1000 {
                let mid = lo + (hi - lo) / 2
                if offsetMs(atUTC: mid) == before { lo = mid } else { hi = mid }
            }
            return .nonexistent(firstAfter: floorDiv(hi, 1000) * 1000)  // transitions fall on whole seconds
        case 1: return .unique(valid[0])
        default: return .ambiguous(earlier: valid[0], later: valid[valid.count - 1])
        }
    }

    /// The UTC instant of a local wall-clock time, taking the first occurrence when ambiguous and
    /// the first instant after the gap when skipped. Used for bucket boundaries, never for user input.
    public func utcLenient(fromLocal localMs: Int64) -> Int64 {
        switch resolveLocal(localMs) {
        case .unique(let u): return u
        case .ambiguous(let e, _): return e
        case .nonexistent(let f): return f
        }
    }

    public func localMs(fromUTC ms: Int64) -> Int64 { ms + offsetMs(atUTC: ms) }
}
