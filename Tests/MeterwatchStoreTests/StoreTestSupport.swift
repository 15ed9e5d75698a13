import Foundation
import MeterwatchCore
import MeterwatchTestSupport

@testable import MeterwatchStore

/// A store in a fresh temporary folder; removed when the value is released.
final class TempStore {
    /// Removed with everything in it when this is released.
    let folder: TemporaryFolder
    let dir: String
    let store: MeterStore
    init(timeZone: String = "Asia/Taipei", headLimit: Int = MeterStore.defaultHeadLimit) throws {
        folder = try TemporaryFolder("meterwatch-test")
        dir = folder.path
        store = try MeterStore(path: dir + "/store.sqlite", calendar: try LocalCalendar(timeZone: timeZone), headLimit: headLimit)
    }

    var calendar: LocalCalendar { store.calendar }
    func at(_ text: String) -> Int64 { try! TimeParser(calendar: store.calendar).parseInstant(text) }

    /// One-minute counter readings from `from` for `minutes`, rising by `perMinute`.
    func minuteCounter(from: Int64, minutes: Int, start: Double = 1000, perMinute: Double = 1) -> [Sample] {
        (0..<minutes).map { Sample(ms: from + Int64($0) * msPerMinute, value: start + Double($0) * perMinute) }
    }

    func day(_ series: Int64, _ text: String) throws -> RollupBucket? {
        let start = calendar.startOfDay(TimeParser.parseDate(text, allowROC: false)!)
        return try store.rollups(series: series, resolution: .day, from: start, to: start + 1).first
    }
}
