import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchPostgres
import MeterwatchStore

struct DBCopyToPostgresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-to-postgres", abstract: "Copy the SQLite store into the PostgreSQL central store.",
        discussion: """
            Every series' readings and bills, meter replacements, the fuel log and entered KPI actuals go to the database of
            storage.postgres (or --to). Rollups are recomputed there with the same arithmetic, so compare, report, savings,
            kpi and portfolio give the same figures on both. A series copied again replaces its earlier copy. Each reading is
            keyed by its building (the meter's site:); a series pruned here keeps its rollups as they are.
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "postgres://user[:password]@host[:port]/database (default: storage.postgres).") var to: String?

    func run() throws {
        let site = try self.site.open()
        guard let url = to ?? site.config.storage.postgres else {
            throw CLIError.badOption("--to", "give a postgres:// address, or set storage.postgres in the configuration")
        }
        let started = Date()
        let central = try PostgresStore(address: try PostgresAddress(url), calendar: site.calendar)
        defer { central.close() }
        let config = site.config
        let report = try StoreCopy.copy(
            from: site.store, to: central, siteOf: config.site(ofSeriesMeter:), fleetSite: config.fleetSite,
            deploymentSite: config.deploymentSite)
        print(
            "copied to \(central.address): \(report.series) series, \(report.readings) readings, \(report.bills) bills, "
                + "\(report.refuels) refuels, \(report.kpiActuals) KPI actuals; \(report.rollups) rollups at the central "
                + String(format: "(%.1f s)", Date().timeIntervalSince(started)))
    }
}
