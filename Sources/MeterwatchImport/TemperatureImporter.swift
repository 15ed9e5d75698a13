import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Imports outdoor temperatures from a weather station's CSV: hourly or daily rows, °C or °F.
///
/// Columns (English or Chinese, any order): `time`/`date`/觀測時間/日期, a temperature column
/// (`temperature`, `temperature_c`, `temperature_f`, `temp`, 氣溫, 溫度), and optionally
/// `station`/測站. Times are ISO 8601 (with an offset, else local to the site); a date alone is a
/// daily mean, stored at local midnight. °F comes from a `_f` column, a `(°F)` header or `unit`.
/// Values are stored in °C on the meter `weather:<station>` (category temperature), so savings
/// models find them. Re-importing a file changes nothing.
public struct TemperatureImporter {
    public let store: MeterStore
    public let limits: PlausibilityLimits
    public let clock: any TimeSource
    /// `limits`: the site's (`SiteConfig.plausibility`); by default history from 1990 and 5 minutes of skew.
    public init(store: MeterStore, limits: PlausibilityLimits? = nil, clock: any TimeSource = SystemClock()) {
        self.store = store
        self.limits = limits ?? PlausibilityLimits(calendar: store.calendar)
        self.clock = clock
    }

    public enum Scale: String, Sendable, CaseIterable { case celsius = "C", fahrenheit = "F" }

    public static func meterID(station: String) -> String { "weather:\(station)" }

    static let timeHeaders: Set<String> = ["time", "date", "datetime", "timestamp", "觀測時間", "日期", "時間"]
    static let stationHeaders: Set<String> = ["station", "station_id", "測站", "站號"]
    static let temperatureHeaders: Set<String> = [
        "temperature", "temp", "temperature_c", "temp_c", "temperature_f", "temp_f", "氣溫", "溫度", "tx01",
    ]

    public func importFile(_ path: String, station: String?, scale: Scale?, skipInvalid: Bool) throws -> ImportResult {
        try importData(try readInputFile(path), file: path, station: station, scale: scale, skipInvalid: skipInvalid)
    }

    public func importData(_ data: Data, file: String, station defaultStation: String?, scale given: Scale?, skipInvalid: Bool) throws
        -> ImportResult
    {
        let (text, encoding) = try TextDecoding.decode(data, file: file)
        let records = try CSVReader.parse(text, file: file)
        guard let header = records.first else {
            throw InputError(file: file, line: nil, message: "the file is empty (expected a header such as station,time,temperature_c)")
        }
        var timeColumn: Int?
        var stationColumn: Int?
        var tempColumn: Int?
        var scale = given
        for (i, raw) in header.fields.enumerated() {
            var name = raw.trimmedCSV.lowercased()
            var unitHint: Scale?
            if name.contains("°f") || name.contains("(f)") || name.hasSuffix("_f") { unitHint = .fahrenheit }
            if name.contains("°c") || name.contains("(c)") || name.hasSuffix("_c") || name.contains("℃") { unitHint = .celsius }
            for open in ["(", "（", "["] { if let j = name.firstIndex(of: Character(open)) { name = String(name[..<j]).trimmedCSV } }
            if Self.timeHeaders.contains(name) {
                timeColumn = i
            } else if Self.stationHeaders.contains(name) {
                stationColumn = i
            } else if Self.temperatureHeaders.contains(name) {
                tempColumn = i
                if let hint = unitHint {
                    if let g = given, g != hint {
                        throw InputError(
                            file: file, line: header.line, field: raw, column: header.column(i),
                            message: "the header says °\(hint.rawValue) but --unit says °\(g.rawValue)")
                    }
                    scale = hint
                }
            } else {
                throw InputError(
                    file: file, line: header.line, field: raw, column: header.column(i),
                    message: "unknown column (expected station, time and temperature; e.g. station,time,temperature_c)")
            }
        }
        guard let timeColumn, let tempColumn else {
            throw InputError(file: file, line: header.line, message: "the header needs a time (or date) column and a temperature column")
        }
        guard stationColumn != nil || defaultStation != nil else {
            throw InputError(file: file, line: header.line, message: "no station column: give the station id (--station)")
        }
        let toCelsius: (Double) -> Double = (scale ?? .celsius) == .fahrenheit ? { ($0 - 32) * 5 / 9 } : { $0 }
        let parser = TimeParser(calendar: store.calendar)
        let now = clock.nowMs()
        let columnOf: [String: Int] = ["time": timeColumn, "temperature": tempColumn, "station": stationColumn ?? -1]
        var errors: [InputError] = []
        var samples: [SeriesSpec: [Sample]] = [:]
        var seen: [String: [Int64: (line: Int, value: Double)]] = [:]
        for record in records.dropFirst() {
            func fail(_ name: String?, _ message: String) {
                let column = name.flatMap { columnOf[$0] }.flatMap { $0 >= 0 ? record.column($0) : nil }
                errors.append(InputError(file: file, line: record.line, field: name, column: column, message: message))
            }
            guard record.fields.count == header.fields.count else {
                fail(nil, "expected \(header.fields.count) fields, found \(record.fields.count)")
                continue
            }
            let station = stationColumn.map { record.fields[$0].trimmedCSV } ?? defaultStation!
            guard !station.isEmpty, station.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                fail("station", "station ids are letters, digits, - and _ (got '\(station)')")
                continue
            }
            let raw = record.fields[tempColumn].trimmedCSV
            guard let v = Double(raw), v.isFinite else {
                fail("temperature", "'\(raw)' is not a number")
                continue
            }
            let c = toCelsius(v)
            if limits.check(value: c, quantity: .temperature, kind: .gauge) != nil {
                let range = limits.range(of: .temperature, kind: .gauge).map { " \($0) °C" } ?? ""
                fail("temperature", "\(raw) °\((scale ?? .celsius).rawValue) is not a plausible outdoor temperature\(range) (wrong unit?)")
                continue
            }
            let t: Int64
            do { t = try parser.parseInstant(record.fields[timeColumn]) } catch {
                fail("time", error.description)
                continue
            }
            if let problem = limits.check(ms: t, nowMs: now) {
                fail("time", problem.message(store.calendar))
                continue
            }
            if let prior = seen[station]?[t] {
                if prior.value != c { fail("time", "conflicts with line \(prior.line): same station and time, another temperature") }
                continue
            }
            seen[station, default: [:]][t] = (record.line, c)
            let spec = SeriesSpec(key: SeriesKey(meter: Self.meterID(station: station), quantity: .temperature), kind: .gauge, unit: "degC")
            samples[spec, default: []].append(Sample(ms: t, value: c))
        }
        if !errors.isEmpty && !skipInvalid { throw ImportFailure(errors: errors) }
        let report = try store.ingest(samples: samples)
        return ImportResult(file: file, encoding: encoding, rows: records.count - 1, report: report, rejected: errors)
    }
}
