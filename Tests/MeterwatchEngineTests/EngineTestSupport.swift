import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchPostgres
import MeterwatchStore
import MeterwatchTestPostgres
import MeterwatchTestSupport
import Testing

@testable import MeterwatchEngine

/// Where the engine reads: the embedded SQLite store, or the PostgreSQL central store.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }
}

/// A site from YAML with a fresh store in a temporary folder. Data is imported into the SQLite
/// store; on `.postgres` the engine reads a real PostgreSQL database the store was copied into
/// (`StoreCopy`, rollups recomputed there) after every change, so a test's figures hold on both backends.
final class TestSite {
    /// Removed with everything in it when this is released.
    let folder: TemporaryFolder
    let dir: String
    let config: SiteConfig
    let store: MeterStore
    let backend: Backend
    private var central: PostgresStore?
    /// The SQLite store's generation the PostgreSQL copy was made at.
    private var copiedAt: Int64?

    init(_ yaml: String, backend: Backend = .sqlite) throws {
        folder = try TemporaryFolder("mw-engine")
        dir = folder.path
        self.backend = backend
        config = try SiteConfig.parse(yaml: yaml, file: dir + "/meterwatch.yaml")
        store = try MeterStore(path: config.storage.path, calendar: try LocalCalendar(timeZone: config.site.timeZone))
    }
    deinit { central?.close() }

    /// The store the engine reads on this backend (on PostgreSQL: copied after the last import).
    var readings: any ReadingStore {
        get throws {
            guard backend == .postgres else { return store }
            if central == nil {
                central = try PostgresStore(address: try PostgresTestServer.freshDatabase(), calendar: store.calendar)
            }
            let generation = try store.generation()
            if copiedAt != generation {
                _ = try StoreCopy.copy(
                    from: store, to: central!, siteOf: { meter in self.config.meters.first { $0.id == meter }?.site ?? Building.defaultID },
                    fleetSite: Building.defaultID, deploymentSite: Building.defaultID)
                copiedAt = generation
            }
            return central!
        }
    }

    var engine: ComparisonEngine {
        get throws { ComparisonEngine(config: config, store: try readings) }
    }

    func importReadings(_ csv: String) throws {
        _ = try ReadingsImporter(config: config, store: store).importData(Data(csv.utf8), file: "test.csv", skipInvalid: false)
    }

    /// Monthly bills `meter,start,end,value` for consecutive months from `year-month`.
    static func bills(_ meter: String, year: Int, month: Int, _ values: [Double]) -> String {
        var out = ""
        for (i, v) in values.enumerated() {
            let s = CivilDate(year: year, month: month, day: 1).adding(months: i)
            out += "\(meter),\(s),\(s.adding(months: 1)),\(v)\n"
        }
        return out
    }

    static let cityHall = """
        site: { name: { en: "Taipei City Hall", zh-TW: "臺北市政府" }, timezone: Asia/Taipei }
        meters:
          - { id: power-bill, category: electricity, unit: kWh, tags: [main] }
          - { id: water-bill, category: water, unit: m3, tags: [main] }
          - { id: lighting, category: electricity, unit: kWh, tags: [sub] }
        kpis:
          - { id: budget-execution, name: { zh-TW: 預算執行率, en: Budget execution rate }, unit: "%", direction: higher, target: 95 }
          - { id: dormitory-days, name: { zh-TW: 宿舍配住平均天數 }, unit: days, direction: lower, target: 7 }
          - id: electricity-saving
            name: { zh-TW: 用電量較去年同期減少, en: Electricity saving vs last year }
            unit: "%"
            target: 1
            derive: { compare: { category: electricity }, against: previous-year, value: reduction-percent }
        """
    static let electricity2019: [Double] = [2_004_800, 2_101_600, 1_987_200, 1_931_200, 1_801_600, 1_692_800]
    static let electricity2018: [Double] = [2_030_400, 2_127_200, 2_011_200, 1_955_200, 1_824_000, 1_715_200]
    static let water2019: [Double] = [15210, 15480, 14890, 13620, 13105, 12670]
    static let water2018: [Double] = [15390, 15620, 15010, 13790, 13280, 12772]
}
