import Foundation
import MeterwatchCore
import MeterwatchStore
import PostgresNIO

/// Retention at the central, with the SQLite store's rule: raw readings older than the retention
/// are deleted, cut at a local month start, keeping one reading before the cut per series (the
/// anchor of the next delta); rollups are kept forever, and the series refuse readings before the
/// cut from then on. Months wholly older than every anchor go as whole partitions (`DROP TABLE`),
/// which frees their space at once; the rest is deleted row by row.
extension PostgresStore {
    /// Returns the number of raw readings deleted.
    @discardableResult
    public func prune(retentionDays: Int, now: Int64) throws -> Int {
        let horizon = calendar.bucket(containing: now - Int64(retentionDays) * msPerDay, resolution: .month).start
        // Each series' anchor: its newest reading before the cut.
        let rows = try run(
            "readings before the retention",
            sql: """
                SELECT s.site_id, s.id, a.ts FROM series s
                CROSS JOIN LATERAL (
                    SELECT ts FROM sample WHERE site_id = s.site_id AND series = s.id AND ts < $1 ORDER BY ts DESC LIMIT 1) a
                WHERE s.kind <> 'interval_total'
                """
        ) { $0.append(horizon) }
        var anchors: [(site: String, series: Int64, ms: Int64)] = []
        for row in rows {
            let (site, series, ms) = try row.decode((String, Int64, Int64).self)
            anchors.append((site, series, ms))
        }
        guard let oldestAnchor = anchors.map(\.ms).min() else { return 0 }
        var deleted = 0
        // Whole months before every anchor: counted, then dropped.
        for name in try partitionNames(of: "sample") {
            guard let month = Self.partitionMonth(name), month.upperBound <= oldestAnchor else { continue }
            deleted += Int(try run("the partition \(name)", sql: "SELECT count(*) FROM \(name)").first!.decode(Int64.self))
            try run("the partition \(name)", sql: "DROP TABLE \(name)")
            // Made again (empty) if a new series ever brings readings of that month.
            knownMonths.withLock { _ = $0.remove(month.lowerBound) }
        }
        try transaction("retention") {
            let gone = try run(
                "readings before the retention",
                sql: """
                    WITH d AS (
                        DELETE FROM sample s USING unnest($1::text[], $2::int8[], $3::int8[]) AS a(site, series, anchor)
                        WHERE s.site_id = a.site AND s.series = a.series AND s.ts < a.anchor RETURNING 1)
                    SELECT count(*) FROM d
                    """
            ) {
                $0.append(anchors.map(\.site))
                $0.append(anchors.map(\.series))
                $0.append(anchors.map(\.ms))
            }
            deleted += Int(try gone.first!.decode(Int64.self))
            try run(
                "the retention of series",
                sql: """
                    UPDATE series SET pruned_before = $1
                    WHERE id = ANY($2) AND (pruned_before IS NULL OR pruned_before < $1)
                    """
            ) {
                $0.append(horizon)
                $0.append(anchors.map(\.series))
            }
            try bumpGeneration()
        }
        return deleted
    }

    /// The UTC month a monthly partition holds (`sample_p202401`: 2024-01-01T00:00Z ..< 2024-02-01T00:00Z).
    static func partitionMonth(_ name: String) -> Range<Int64>? {
        guard let match = name.wholeMatch(of: /[a-z_]+_p(\d{4})(\d{2})/), let year = Int(match.1), let month = Int(match.2) else {
            return nil
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard let start = utc.date(from: DateComponents(year: year, month: month, day: 1)),
            let next = utc.date(byAdding: .month, value: 1, to: start)
        else { return nil }
        return Int64((start.timeIntervalSince1970 * 1000).rounded())..<Int64((next.timeIntervalSince1970 * 1000).rounded())
    }
}
