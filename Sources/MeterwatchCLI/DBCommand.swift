import ArgumentParser
import Foundation
import MeterwatchCore
import MeterwatchStore

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, inspect, check, back up and maintain the store.",
        subcommands: [Init.self, Stats.self, Check.self, Backup.self, RebuildRollups.self, Prune.self, Soak.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the store (or migrate an existing one).")
        @OptionGroup var site: SiteOptions
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            print("store ready: \(store.path) (time zone \(store.calendar.timeZoneIdentifier))")
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Series, sample counts, time spans and file size.")
        @OptionGroup var site: SiteOptions
        @Option(help: "table or json") var format: OutputFormat = .table
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let stats = try store.stats()
            if format == .json { print(try stats.jsonString()); return }
            let cal = store.calendar
            print(renderTable(["meter", "quantity", "kind", "unit", "samples", "intervals", "rollups", "first", "last"],
                              stats.series.map { [$0.meter, $0.quantity, $0.kind, $0.unit, String($0.samples), String($0.intervals), String($0.rollups),
                                                  $0.firstMs.map(cal.isoString) ?? "", $0.lastMs.map(cal.isoString) ?? ""] },
                              rightAligned: [4, 5, 6]))
            print("\n\(stats.series.count) series, \(stats.samples) samples, \(stats.rollups) rollup buckets, \(stats.fileBytes) bytes on disk (\(stats.path))")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Integrity check and counter anomalies (resets, implausible jumps, glitches, gaps).")
        @OptionGroup var site: SiteOptions
        @Option(help: "table or json") var format: OutputFormat = .table
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            var findings = try store.check()
            findings += try DBCommand.implausible(store, limits: config.plausibility.limits(store.calendar), nowMs: SystemClock().nowMs())
            if format == .json { print(try findings.jsonString()) } else if findings.isEmpty {
                print("ok: integrity check passed, no counter anomalies, no implausible readings")
            } else {
                print(renderTable(["severity", "series", "time", "finding"],
                                  findings.map { [$0.severity.rawValue, $0.series ?? "", $0.ms.map(store.calendar.isoString) ?? "", $0.message] }))
                for f in findings {
                    if let remedy = f.remedy { print("\n\(f.series ?? ""): \(remedy)") }
                }
            }
            if findings.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
        }
    }

    /// Stored readings no entrance would accept today, each run with the command that removes it.
    static func implausible(_ store: MeterStore, limits: PlausibilityLimits, nowMs: Int64) throws -> [CheckFinding] {
        let cal = store.calendar
        return try store.implausibleReadings(limits: limits, nowMs: nowMs).map { run in
            let what = run.count == 1 ? "implausible reading" : "\(run.count) implausible readings from here"
            let command = "meterwatch readings delete --meter \(run.key.meter) --quantity \(run.key.quantity)"
                + " --from \(cal.isoString(run.firstMs)) --to \(cal.isoString(run.lastMs + 1))"
            return CheckFinding(severity: .warning, series: run.key.description, ms: run.firstMs,
                                message: "\(what): \(run.problem.message(cal))", remedy: command)
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Consistent online copy of the store (safe while collecting).")
        @OptionGroup var site: SiteOptions
        @Argument(help: "Destination file (must not exist).") var destination: String
        func run() throws {
            guard !FileManager.default.fileExists(atPath: destination) else { throw CLIError("\(destination) exists; choose a new file") }
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            try store.backup(to: destination)
            print("backed up \(store.path) to \(destination)")
        }
    }

    struct RebuildRollups: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rebuild-rollups", abstract: "Recompute every rollup from raw data (after fixing history or changing rules).")
        @OptionGroup var site: SiteOptions
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let start = Date()
            try store.rebuildRollups()
            print("rebuilt rollups of \(try store.allSeries().count) series in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete raw samples older than storage.raw_retention_days (rollups are kept).")
        @OptionGroup var site: SiteOptions
        func run() throws {
            let config = try site.loadConfig()
            let store = try site.openStore(config)
            let n = try store.prune(retentionDays: config.storage.rawRetentionDays, now: Int64(Date().timeIntervalSince1970 * 1000))
            print("pruned \(n) raw samples older than \(config.storage.rawRetentionDays) days")
        }
    }
}
