import Foundation
import GRDB
import GRDBSQLite
import MeterwatchCore

/// Raw readings, stored as compressed chunks: each row of `chunk` holds up to `maxPoints`
/// consecutive readings of one series (`SampleCodec`, about 1.5 bytes a reading instead of the 29
/// a row per reading took). A write merges into the chunk it belongs to: live readings extend the
/// newest chunk, late and out-of-order ones merge into theirs, a chunk that grows past twice the
/// size splits. Every reader goes through here, so all of them see the same readings.
///
/// A series' newest readings first land uncompressed in its head (`sample_head`, one row per
/// reading) and are sealed into chunks `headLimit` at a time: a collector writing a few readings
/// per flush then adds a few rows instead of re-encoding the newest chunk each time. Invariant:
/// every head row is newer than the series' last chunk, so a reader takes the chunks, then the head.
///
/// Uses SQLite's C API through `RawStatement`: the hot paths (ingest, scans) would lose much of
/// their speed to GRDB's value boxing.
enum SampleChunks {
    /// Readings per chunk at most: big enough to compress well, small enough that a live write,
    /// which rewrites the newest chunk, stays cheap.
    static let maxPoints = 4_096
    /// Encoded bytes per chunk at most: a chunk fills one 4 KiB page (a rowid table keeps up to
    /// 4,061 bytes of a row in its page; more would spill into a half-empty overflow page).
    static let maxBytes = 3_960

    /// The newest chunk of a series: where sealed head readings continue.
    struct LastChunk {
        var start: Int64
        var last: Int64
        var count: Int
        var bytes: Int

        /// Full: sealing starts a new chunk after it instead of re-encoding it.
        var isFull: Bool { count >= SampleChunks.maxPoints || bytes >= SampleChunks.maxBytes - 32 }
    }

    /// A rowid table (its rows' data stays in the page, where a WITHOUT ROWID table spills rows
    /// over a kilobyte to overflow pages), found by (series, start).
    static let schema = """
        CREATE TABLE IF NOT EXISTS chunk(
            id INTEGER PRIMARY KEY,
            series INTEGER NOT NULL,
            start INTEGER NOT NULL,
            last INTEGER NOT NULL,
            count INTEGER NOT NULL,
            data BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS chunk_series_start ON chunk(series, start, last);
        """

    /// The unsealed head: a row per reading, newer than the series' last chunk.
    static let headSchema = """
        CREATE TABLE IF NOT EXISTS sample_head(
            series INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY(series, ts)) WITHOUT ROWID;
        """

    // MARK: Reading

    /// Readings with `from <= ts < to`, ascending.
    static func samples(_ db: Database, series: Int64, from: Int64, to: Int64) throws -> [Sample] {
        guard from < to else {
            return []
        }
        var out: [Sample] = []
        // The chunk holding `from` starts at or before it; the rest start inside the range.
        let st = try RawStatement(
            db,
            """
            SELECT data FROM chunk WHERE series = ?1 AND start < ?3 AND last >= ?2
            AND start >= COALESCE((SELECT MAX(start) FROM chunk WHERE series = ?1 AND start <= ?2), -9223372036854775808)
            ORDER BY start
            """)
        st.bind(1, series)
        st.bind(2, from)
        st.bind(3, to)
        try st.forEachBlob { bytes in
            for s in try decode(bytes) where s.ms >= from && s.ms < to { out.append(s) }
            return true
        }
        return out + (try headSamples(db, series: series, from: from, to: to))
    }

    /// Head readings with `from <= ts < to`, ascending.
    static func headSamples(_ db: Database, series: Int64, from: Int64, to: Int64) throws -> [Sample] {
        let st = try RawStatement(db, "SELECT ts, value FROM sample_head WHERE series = ? AND ts >= ? AND ts < ? ORDER BY ts")
        st.bind(1, series)
        st.bind(2, from)
        st.bind(3, to)
        return try st.samples()
    }

    /// Up to `limit` readings before `ts`, ascending.
    static func before(_ db: Database, series: Int64, ts: Int64, limit: Int) throws -> [Sample] {
        let head = try RawStatement(db, "SELECT ts, value FROM sample_head WHERE series = ? AND ts < ? ORDER BY ts DESC LIMIT ?")
        head.bind(1, series)
        head.bind(2, ts)
        head.bind(3, Int64(limit))
        var out: [Sample] = try head.samples().reversed()
        guard out.count < limit else {
            return out
        }
        let st = try RawStatement(db, "SELECT data FROM chunk WHERE series = ? AND start < ? ORDER BY start DESC")
        st.bind(1, series)
        st.bind(2, ts)
        try st.forEachBlob { bytes in
            let older = try decode(bytes).filter { $0.ms < ts }
            out = older.suffix(limit - out.count) + out
            return out.count < limit
        }
        return out
    }

    /// Up to `limit` readings after `ts`, ascending.
    static func after(_ db: Database, series: Int64, ts: Int64, limit: Int) throws -> [Sample] {
        var out: [Sample] = []
        let st = try RawStatement(
            db,
            """
            SELECT data FROM chunk WHERE series = ?1 AND last > ?2
            AND start >= COALESCE((SELECT MAX(start) FROM chunk WHERE series = ?1 AND start <= ?2), -9223372036854775808)
            ORDER BY start
            """)
        st.bind(1, series)
        st.bind(2, ts)
        try st.forEachBlob { bytes in
            out += try decode(bytes).filter { $0.ms > ts }.prefix(limit - out.count)
            return out.count < limit
        }
        guard out.count < limit else {
            return out
        }
        let head = try RawStatement(db, "SELECT ts, value FROM sample_head WHERE series = ? AND ts > ? ORDER BY ts LIMIT ?")
        head.bind(1, series)
        head.bind(2, ts)
        head.bind(3, Int64(limit - out.count))
        return out + (try head.samples())
    }

    /// The newest reading (at or before `ts` when given).
    static func latest(_ db: Database, series: Int64, atOrBefore ts: Int64 = .max) throws -> Sample? {
        if ts == .max {
            let head = try RawStatement(db, "SELECT ts, value FROM sample_head WHERE series = ? ORDER BY ts DESC LIMIT 1")
            head.bind(1, series)
            if let newest = try head.samples().first {
                return newest
            }
            let st = try RawStatement(db, "SELECT data FROM chunk WHERE series = ? ORDER BY start DESC LIMIT 1")
            st.bind(1, series)
            var last: Sample?
            try st.forEachBlob { bytes in
                last = try decode(bytes).last
                return false
            }
            return last
        }
        return ts == .min ? nil : try before(db, series: series, ts: ts &+ 1, limit: 1).last
    }

    /// Count, first and last time of a series' readings (of those in `[from, to)` when given).
    static func extent(
        _ db: Database, series: Int64, from: Int64 = .min, to: Int64 = .max
    ) throws -> (count: Int, first: Int64?, last: Int64?) {
        if from == .min && to == .max {
            let sealed = try Row.fetchOne(
                db, sql: "SELECT COALESCE(SUM(count), 0), MIN(start), MAX(last) FROM chunk WHERE series = ?", arguments: [series])
            let head = try Row.fetchOne(db, sql: "SELECT COUNT(*), MIN(ts), MAX(ts) FROM sample_head WHERE series = ?", arguments: [series])
            let firsts = [sealed?[1], head?[1]].compactMap { $0 as Int64? }
            let lasts = [sealed?[2], head?[2]].compactMap { $0 as Int64? }
            return ((sealed?[0] ?? 0) + (head?[0] ?? 0), firsts.min(), lasts.max())
        }
        let s = try samples(db, series: series, from: from, to: to)
        return (s.count, s.first?.ms, s.last?.ms)
    }

    /// Calls `body` with every reading of the series, in order, a chunk at a time in memory.
    static func forEach(_ db: Database, series: Int64, _ body: (Sample) throws -> Void) throws {
        let st = try RawStatement(db, "SELECT data FROM chunk WHERE series = ? ORDER BY start")
        st.bind(1, series)
        try st.forEachBlob { bytes in
            for s in try decode(bytes) { try body(s) }
            return true
        }
        let head = try RawStatement(db, "SELECT ts, value FROM sample_head WHERE series = ? ORDER BY ts")
        head.bind(1, series)
        try head.forEachSample(body)
    }

    static func decode(_ bytes: [UInt8]) throws -> [Sample] {
        do { return try SampleCodec.decode(bytes) } catch {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "a sample chunk cannot be decoded (\(error))")
        }
    }

    // MARK: Writing

    struct MergeResult {
        var inserted = 0
        var updated = 0
        var unchanged = 0
        /// The readings that were inserted or changed, ascending.
        var written: [Sample] = []
    }

    /// Merges `incoming` (any order; for a time given twice, the last wins) into the series:
    /// readings newer than its last chunk into the head, older ones into their chunks. A head
    /// that reaches `headLimit` readings is sealed (0: every write is sealed at once).
    static func merge(_ db: Database, series: Int64, _ incoming: [Sample], headLimit: Int = MeterStore.defaultHeadLimit) throws
        -> MergeResult
    {
        guard !incoming.isEmpty else {
            return MergeResult()
        }
        var sorted = incoming
        // Stable, so that the last of equal times wins below.
        sorted = sorted.enumerated().sorted { ($0.element.ms, $0.offset) < ($1.element.ms, $1.offset) }.map(\.element)
        var deduplicated: [Sample] = []
        deduplicated.reserveCapacity(sorted.count)
        for s in sorted {
            if let last = deduplicated.last, last.ms == s.ms { deduplicated[deduplicated.count - 1] = s } else { deduplicated.append(s) }
        }
        let lastChunk = try self.lastChunk(db, series: series)
        var split = 0
        if let sealedLast = lastChunk?.last {
            var hi = deduplicated.count
            while split < hi {
                let mid = (split + hi) / 2
                if deduplicated[mid].ms <= sealedLast { split = mid + 1 } else { hi = mid }
            }
        }
        var result = try mergeIntoChunks(db, series: series, Array(deduplicated[..<split]))
        if split < deduplicated.count {
            try mergeIntoHead(db, series: series, deduplicated[split...], lastChunk: lastChunk, headLimit: headLimit, into: &result)
        }
        result.written.sort { $0.ms < $1.ms }
        return result
    }

    /// The series' newest chunk, if any.
    static func lastChunk(_ db: Database, series: Int64) throws -> LastChunk? {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT start, last, count, length(data) FROM chunk WHERE series = ? ORDER BY start DESC LIMIT 1"),
            arguments: [series])
        return row.map { LastChunk(start: $0[0], last: $0[1], count: $0[2], bytes: $0[3]) }
    }

    /// Writes readings newer than every chunk (ascending, one per time) into the head, sealing it
    /// with them when it would reach `headLimit`.
    static func mergeIntoHead(
        _ db: Database, series: Int64, _ news: ArraySlice<Sample>, lastChunk: LastChunk?, headLimit: Int, into result: inout MergeResult
    ) throws {
        let stored = try headSamples(db, series: series, from: news.first!.ms, to: news.last!.ms + 1)
        var changed: [Sample] = []
        var added = 0
        var i = 0
        for s in news {
            while i < stored.count && stored[i].ms < s.ms { i += 1 }
            if i < stored.count && stored[i].ms == s.ms {
                if stored[i].value.bitPattern == s.value.bitPattern {
                    result.unchanged += 1
                    continue
                }
                result.updated += 1
            } else {
                result.inserted += 1
                added += 1
            }
            result.written.append(s)
            changed.append(s)
        }
        guard !changed.isEmpty else {
            return
        }
        let held = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM sample_head WHERE series = ?"), arguments: [series]) ?? 0
        if held + added < headLimit {
            let upsert = try RawStatement(db, "INSERT OR REPLACE INTO sample_head(series, ts, value) VALUES (?, ?, ?)")
            for s in changed {
                upsert.bind(1, series)
                upsert.bind(2, s.ms)
                upsert.bind(3, s.value)
                try upsert.run()
            }
            return
        }
        // Seal: the head with the changes, after the newest chunk's readings unless that is full.
        var head = try headSamples(db, series: series, from: .min, to: .max)
        if !head.isEmpty {
            head = overlay(head, changed)
            try db.execute(sql: "DELETE FROM sample_head WHERE series = ?", arguments: [series])
        } else {
            head = changed
        }
        if let open = lastChunk, !open.isFull {
            try replace(db, series: series, oldStart: open.start, with: try load(db, series: series, start: open.start) + head)
        } else {
            try replace(db, series: series, oldStart: nil, with: head)
        }
    }

    /// `base` with `changes` applied (both ascending, one reading per time; a change wins).
    static func overlay(_ base: [Sample], _ changes: [Sample]) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(base.count + changes.count)
        var i = 0
        var j = 0
        while i < base.count || j < changes.count {
            if j == changes.count || i < base.count && base[i].ms < changes[j].ms {
                out.append(base[i])
                i += 1
            } else {
                if i < base.count && base[i].ms == changes[j].ms { i += 1 }
                out.append(changes[j])
                j += 1
            }
        }
        return out
    }

    /// Merges readings (ascending, one per time) into the chunks they fall in.
    static func mergeIntoChunks(_ db: Database, series: Int64, _ deduplicated: [Sample]) throws -> MergeResult {
        var result = MergeResult()
        guard !deduplicated.isEmpty else {
            return result
        }
        // Group the readings by the chunk they fall in: the chunk with the greatest start at or
        // before them (the first chunk for readings before every chunk).
        let starts = try chunkStarts(db, series: series, from: deduplicated[0].ms, to: deduplicated[deduplicated.count - 1].ms)
        var groups: [Int64?: [Sample]] = [:]
        var k = 0
        for s in deduplicated {
            while k + 1 < starts.count && starts[k + 1] <= s.ms { k += 1 }
            // Readings before every chunk go into the first one.
            groups[starts.isEmpty ? nil : starts[k], default: []].append(s)
        }
        for (owner, news) in groups.sorted(by: { ($0.key ?? .min) < ($1.key ?? .min) }) {
            var existing: [Sample] = []
            if let owner {
                existing = try load(db, series: series, start: owner)
            }
            var merged: [Sample] = []
            merged.reserveCapacity(existing.count + news.count)
            var changed = false
            var i = 0
            var j = 0
            while i < existing.count || j < news.count {
                if j == news.count || i < existing.count && existing[i].ms < news[j].ms {
                    merged.append(existing[i])
                    i += 1
                } else if i == existing.count || news[j].ms < existing[i].ms {
                    merged.append(news[j])
                    result.inserted += 1
                    result.written.append(news[j])
                    changed = true
                    j += 1
                } else {
                    if existing[i].value.bitPattern == news[j].value.bitPattern {
                        result.unchanged += 1
                    } else {
                        result.updated += 1
                        result.written.append(news[j])
                        changed = true
                    }
                    merged.append(news[j])
                    i += 1
                    j += 1
                }
            }
            if !changed {
                continue
            }
            try replace(db, series: series, oldStart: owner, with: merged)
        }
        return result
    }

    /// Deletes the readings with `from <= ts < to`; returns how many, and the first and last time.
    static func delete(_ db: Database, series: Int64, from: Int64, to: Int64) throws -> (count: Int, first: Int64?, last: Int64?) {
        guard from < to else {
            return (0, nil, nil)
        }
        var count = 0
        var first: Int64?
        var last: Int64?
        for start in try chunkStarts(db, series: series, from: from, to: to - 1) {
            let all = try load(db, series: series, start: start)
            let kept = all.filter { $0.ms < from || $0.ms >= to }
            guard kept.count != all.count else { continue }
            for s in all where s.ms >= from && s.ms < to {
                count += 1
                first = min(first ?? s.ms, s.ms)
                last = max(last ?? s.ms, s.ms)
            }
            try replace(db, series: series, oldStart: start, with: kept)
        }
        let head = try headSamples(db, series: series, from: from, to: to)
        if let lo = head.first?.ms, let hi = head.last?.ms {
            count += head.count
            first = min(first ?? lo, lo)
            last = max(last ?? hi, hi)
            try db.execute(sql: "DELETE FROM sample_head WHERE series = ? AND ts >= ? AND ts < ?", arguments: [series, from, to])
        }
        return (count, first, last)
    }

    /// Starts of the chunks that may hold readings in `[from, to]`: the one at or before `from`
    /// and those starting up to `to`.
    static func chunkStarts(_ db: Database, series: Int64, from: Int64, to: Int64) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT start FROM chunk WHERE series = ?1 AND start <= ?3
                AND start >= COALESCE((SELECT MAX(start) FROM chunk WHERE series = ?1 AND start <= ?2),
                                      (SELECT MIN(start) FROM chunk WHERE series = ?1))
                ORDER BY start
                """, arguments: [series, from, to])
    }

    static func load(_ db: Database, series: Int64, start: Int64) throws -> [Sample] {
        let st = try RawStatement(db, "SELECT data FROM chunk WHERE series = ? AND start = ?")
        st.bind(1, series)
        st.bind(2, start)
        var out: [Sample] = []
        try st.forEachBlob { bytes in
            out = try decode(bytes)
            return false
        }
        return out
    }

    /// Replaces the chunk at `oldStart` (nil: none) by `samples`, cut into chunks that each fill
    /// a page: every piece but the last is the longest run that encodes in `maxBytes` (and
    /// `maxPoints`); the last, the newest readings, is where live writes continue.
    static func replace(_ db: Database, series: Int64, oldStart: Int64?, with samples: [Sample]) throws {
        if let oldStart {
            let del = try RawStatement(db, "DELETE FROM chunk WHERE series = ? AND start = ?")
            del.bind(1, series)
            del.bind(2, oldStart)
            try del.run()
        }
        let insert = try RawStatement(db, "INSERT INTO chunk(series, start, last, count, data) VALUES (?, ?, ?, ?, ?)")
        func write(_ piece: ArraySlice<Sample>, _ bytes: [UInt8]) throws {
            insert.bind(1, series)
            insert.bind(2, piece.first!.ms)
            insert.bind(3, piece.last!.ms)
            insert.bind(4, Int64(piece.count))
            try insert.bind(5, bytes)
            try insert.run()
        }
        var rest = samples[...]
        while !rest.isEmpty {
            let whole = SampleCodec.encode(Array(rest.prefix(maxPoints)))
            if rest.count <= maxPoints && whole.count <= maxBytes {
                try write(rest, whole)
                return
            }
            // The longest prefix that fits: a binary search on the count, first in a narrow window
            // around the estimate from the bytes per reading so far.
            let n = min(rest.count, maxPoints)
            var lo = 1
            var hi = n
            var best = (count: 1, bytes: SampleCodec.encode([rest.first!]))
            if whole.count <= maxBytes {
                best = (hi, whole)
                lo = hi + 1
            } else {
                let guess = max(1, min(n, Int(Double(maxBytes) * Double(n) / Double(whole.count))))
                let floor = max(1, guess - 48)
                let bytes = SampleCodec.encode(Array(rest.prefix(floor)))
                if bytes.count <= maxBytes {
                    best = (floor, bytes)
                    lo = floor + 1
                    hi = min(n, guess + 48)
                }
            }
            while lo <= hi {
                let mid = (lo + hi) / 2
                let bytes = SampleCodec.encode(Array(rest.prefix(mid)))
                if bytes.count <= maxBytes {
                    best = (mid, bytes)
                    lo = mid + 1
                } else {
                    hi = mid - 1
                }
            }
            try write(rest.prefix(best.count), best.bytes)
            rest = rest.dropFirst(best.count)
        }
    }

    // MARK: Migration

    /// Moves the rows of the version-4 `sample` table into chunks, series by series (merged with
    /// any chunks already there), then drops the table.
    static func migrateRows(_ db: Database) throws {
        let series = try Int64.fetchAll(db, sql: "SELECT DISTINCT series FROM sample")
        for id in series {
            let st = try RawStatement(db, "SELECT ts, value FROM sample WHERE series = ? ORDER BY ts")
            st.bind(1, id)
            let all = try st.samples()
            var i = 0
            while i < all.count {
                _ = try merge(db, series: id, Array(all[i..<min(all.count, i + maxPoints * 64)]), headLimit: 0)
                i += maxPoints * 64
            }
        }
        try db.execute(sql: "DROP TABLE sample")
    }
}
