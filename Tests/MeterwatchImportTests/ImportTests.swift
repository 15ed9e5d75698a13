import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore
import Testing

@testable import MeterwatchImport

@Suite struct CSVReaderTests {
    @Test func quotesNewlinesAndLineNumbers() throws {
        let text =
            "meter,time,value\r\nhall-power,2019-07-01,\"1,234.5\"\n\n\"hall\n-power\",\"2019-07-02\",\"say \"\"hi\"\"\"\n  x , y ,z  "
        let r = try CSVReader.parse(text, file: "f.csv")
        #expect(r.map(\.line) == [1, 2, 4, 6])
        #expect(r[1].fields == ["hall-power", "2019-07-01", "1,234.5"])
        #expect(r[2].fields == ["hall\n-power", "2019-07-02", "say \"hi\""])
        #expect(r[3].fields == ["x", "y", "z"])
        #expect(throws: InputError.self) { try CSVReader.parse("a,b\n\"open,c\n", file: "f.csv") }
    }

    @Test func decodesUTF8WithBOMAndBig5() throws {
        let utf8 = Data([0xEF, 0xBB, 0xBF]) + Data("日期,車號\n".utf8)
        #expect(try TextDecoding.decode(utf8, file: "f").text == "日期,車號\n")
        // 日期,車號 in Big5: 0xA4E9 0xB4C1 , 0xA8AE 0xB8B9
        let big5 = Data([0xA4, 0xE9, 0xB4, 0xC1, 0x2C, 0xA8, 0xAE, 0xB8, 0xB9, 0x0A])
        let decoded = try TextDecoding.decode(big5, file: "f")
        #expect(decoded.text == "日期,車號\n")
        #expect(decoded.encoding == .big5)
    }
}

@Suite struct ReadingsImportTests {
    let yaml = """
        site: { name: Test, timezone: Asia/Taipei }
        meters:
          - { id: hall-power, category: electricity, unit: kWh, tags: [main] }
          - { id: hall-bill, category: electricity, unit: kWh }
          - { id: hall-water, category: water, unit: L }
        """

    func setup() throws -> (ReadingsImporter, MeterStore, String) {
        let dir = NSTemporaryDirectory() + "mw-import-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let config = try SiteConfig.parse(yaml: yaml, file: dir + "/meterwatch.yaml")
        let store = try MeterStore(path: config.storage.path, calendar: try LocalCalendar(timeZone: config.site.timeZone))
        return (ReadingsImporter(config: config, store: store), store, dir)
    }

    @Test func readingsBillsAndUnitConversion() throws {
        let (importer, store, _) = try setup()
        let csv = """
            meter,time,value
            hall-power,2019-07-01T00:00,1000
            hall-power,2019-07-01T00:15:00+08:00,1010
            hall-water,2019-07-01 00:00,500000
            hall-water,2019-07-01 00:15,502500
            """
        let r = try importer.importData(Data(csv.utf8), file: "r.csv", skipInvalid: false)
        #expect(r.report.inserted == 4)
        let water = try #require(try store.series(SeriesKey(meter: "hall-water", quantity: .volume)))
        #expect(water.unit == "m3")
        #expect(try store.samples(series: water.id, from: 0, to: .max).map(\.value) == [500, 502.5])
        let bills = "meter,start,end,value\nhall-bill,2019-07-01,2019-08-01,\"2,004,800\"\n"
        let b = try importer.importData(Data(bills.utf8), file: "b.csv", skipInvalid: false)
        #expect(b.report.inserted == 1)
        let again = try importer.importData(Data(bills.utf8), file: "b.csv", skipInvalid: false)
        #expect(again.report.unchanged == 1 && again.report.inserted == 0)
    }

    @Test func badRowsAreReportedWithLineNumbersAndNothingIsStored() throws {
        let (importer, store, _) = try setup()
        let csv = """
            meter,time,value
            hall-power,2019-07-01T00:00,1000
            hall-pwr,2019-07-01T00:15,1010
            hall-power,2019-07-01T00:30,ten
            hall-power,2019-02-30T00:45,1030
            hall-power,2019-07-01T01:00
            hall-power,2019-07-01T00:00,999
            """
        do {
            _ = try importer.importData(Data(csv.utf8), file: "bad.csv", skipInvalid: false)
            Issue.record("expected the import to fail")
        } catch let failure as ImportFailure {
            #expect(failure.errors.map(\.line) == [3, 4, 5, 6, 7])
            #expect(failure.errors[0].description.hasPrefix("bad.csv:3:1: meter: unknown meter 'hall-pwr'"))
            #expect(failure.errors[1].description == "bad.csv:4:29: value: 'ten' is not a number")
            #expect(failure.errors[2].description.hasPrefix("bad.csv:5:12: time: cannot read time '2019-02-30T00:45'"))
            #expect(failure.errors[4].message.contains("conflicts with line 2"))
        }
        #expect(try store.allSeries().isEmpty)
        let partial = try importer.importData(Data(csv.utf8), file: "bad.csv", skipInvalid: true)
        #expect(partial.report.inserted == 1 && partial.rejected.count == 5)
    }

    @Test func billsAndLiveReadingsCannotShareASeries() throws {
        let (importer, _, _) = try setup()
        _ = try importer.importData(Data("meter,time,value\nhall-power,2019-07-01,1\n".utf8), file: "a.csv", skipInvalid: false)
        #expect(throws: ImportFailure.self) {
            try importer.importData(
                Data("meter,start,end,value\nhall-power,2019-07-01,2019-08-01,5\n".utf8), file: "b.csv", skipInvalid: false)
        }
    }
}
