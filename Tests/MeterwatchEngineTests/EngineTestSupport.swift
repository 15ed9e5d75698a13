import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchImport
import MeterwatchStore

@testable import MeterwatchEngine

/// A site from YAML with a fresh store in a temporary folder.
final class TestSite {
    let dir: String
    let config: SiteConfig
    let store: MeterStore
    init(_ yaml: String) throws {
        dir = NSTemporaryDirectory() + "mw-engine-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        config = try SiteConfig.parse(yaml: yaml, file: dir + "/meterwatch.yaml")
        store = try MeterStore(path: config.storage.path, calendar: try LocalCalendar(timeZone: config.site.timeZone))
    }
    deinit { try? FileManager.default.removeItem(atPath: dir) }

    var engine: ComparisonEngine { ComparisonEngine(config: config, store: store) }

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
