import Foundation
import MeterwatchCore
import MeterwatchStore

/// Copies an embedded SQLite store into the PostgreSQL central: every series' readings and bills
/// (rollups recomputed at the central, or copied where the source pruned its raw readings), meter
/// replacements, the fuel log and entered KPI actuals. Copying again replaces what the first copy
/// wrote: it is how a building moves its history to the central, and how tests load both backends.
public enum StoreCopy {
    /// What a copy wrote.
    public struct Report: Sendable, Equatable {
        public var series = 0
        public var readings = 0
        public var bills = 0
        public var rollups = 0
        public var refuels = 0
        public var kpiActuals = 0
    }

    /// `siteOf` names the building of a meter (every key at the central leads with it); the fuel log
    /// goes to `fleetSite`, KPI actuals (the deployment's) to `deploymentSite`.
    public static func copy(
        from source: MeterStore, to target: PostgresStore, siteOf: (String) -> String, fleetSite: String, deploymentSite: String
    ) throws -> Report {
        var report = Report()
        for info in try source.allSeries() {
            let samples = try source.samples(series: info.id, from: .min, to: .max)
            let intervals = info.kind == .intervalTotal ? try source.intervalTotals(series: info.id, from: .min, to: .max) : []
            var kept: [(resolution: Resolution, buckets: [RollupBucket])]?
            if info.prunedBefore != nil {
                kept = try Resolution.allCases.map { ($0, try source.rollups(series: info.id, resolution: $0, from: .min, to: .max)) }
            }
            try target.replaceSeries(
                info, site: siteOf(info.key.meter), samples: samples, intervals: intervals,
                replacements: try source.replacements(series: info.id), keptRollups: kept)
            report.series += 1
            report.readings += samples.count
            report.bills += intervals.count
        }
        let refuels = try source.refuels(from: CivilDate(year: 1, month: 1, day: 1), to: CivilDate(year: 9999, month: 12, day: 31))
        try target.addRefuels(refuels, site: fleetSite)
        report.refuels = refuels.count
        let actuals = try source.kpiActuals()
        try target.setKPIActuals(actuals, site: deploymentSite)
        report.kpiActuals = actuals.count
        report.rollups = try target.rollupCount()
        return report
    }
}
