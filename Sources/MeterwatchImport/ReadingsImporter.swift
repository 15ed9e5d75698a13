import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Imports meter readings from CSV.
///
/// Two shapes, told apart by the header:
/// - `meter,time,value[,quantity]`: counter or gauge readings at an instant;
/// - `meter,start,end,value[,quantity]`: interval totals over `[start, end)`, such as monthly bills.
///
/// Times are ISO 8601 with an offset, or local to the site; a bare date is local midnight. Values
/// of the meter's main quantity are converted from the meter's configured unit.
public struct ReadingsImporter {
    public let config: SiteConfig
    public let store: MeterStore
    public let clock: any TimeSource
    public init(config: SiteConfig, store: MeterStore, clock: any TimeSource = SystemClock()) {
        self.config = config
        self.store = store
        self.clock = clock
    }

    public func importFile(_ path: String, skipInvalid: Bool) throws -> ImportResult {
        try importData(try readInputFile(path), file: path, skipInvalid: skipInvalid)
    }

    public func importData(_ data: Data, file: String, skipInvalid: Bool) throws -> ImportResult {
        let (text, encoding) = try TextDecoding.decode(data, file: file)
        let records = try CSVReader.parse(text, file: file)
        guard let header = records.first else {
            throw InputError(file: file, line: nil, message: "the file is empty (expected a header such as meter,time,value)")
        }
        var columns: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let name = raw.lowercased().trimmedCSV
            let canonical = ["timestamp": "time", "ts": "time", "from": "start", "to": "end", "meter_id": "meter"][name] ?? name
            guard ["meter", "time", "start", "end", "value", "quantity"].contains(canonical) else {
                throw InputError(
                    file: file, line: header.line, field: raw, column: header.column(i),
                    message: "unknown column (expected meter,time,value or meter,start,end,value, optionally quantity)")
            }
            guard columns[canonical] == nil else {
                throw InputError(file: file, line: header.line, field: raw, column: header.column(i), message: "duplicate column")
            }
            columns[canonical] = i
        }
        let isInterval = columns["start"] != nil || columns["end"] != nil
        guard columns["meter"] != nil, columns["value"] != nil,
            isInterval ? (columns["start"] != nil && columns["end"] != nil && columns["time"] == nil) : columns["time"] != nil
        else {
            throw InputError(
                file: file, line: header.line,
                message: "the header must be meter,time,value or meter,start,end,value (optionally with quantity)")
        }

        let parser = TimeParser(calendar: store.calendar)
        let limits = config.plausibility.limits(store.calendar)
        let now = clock.nowMs()
        var errors: [InputError] = []
        var samples: [SeriesSpec: [Sample]] = [:]
        var intervals: [SeriesSpec: [IntervalTotal]] = [:]
        var seenAt: [SeriesKey: [Int64: (line: Int, value: Double)]] = [:]
        var existingKinds: [SeriesKey: SeriesKind?] = [:]

        for record in records.dropFirst() {
            func fail(_ name: String?, _ message: String) {
                let column = name.flatMap { columns[$0] }.map(record.column)
                errors.append(InputError(file: file, line: record.line, field: name, column: column, message: message))
            }
            guard record.fields.count == header.fields.count else {
                fail(nil, "expected \(header.fields.count) fields, found \(record.fields.count)")
                continue
            }
            func field(_ name: String) -> String { record.fields[columns[name]!] }
            let meterID = field("meter")
            guard let meter = config.meter(id: meterID) else {
                fail("meter", meterID.isEmpty ? "missing meter id" : "unknown meter '\(meterID)' (not in \(config.file))")
                continue
            }
            var quantity = meter.mainQuantity
            if columns["quantity"] != nil, !field("quantity").isEmpty { quantity = Quantity(field("quantity")) }
            guard let canonical = quantity.canonical else {
                fail("quantity", "unknown quantity '\(quantity)' (known: \(Quantity.known.joined(separator: ", ")))")
                continue
            }
            let kind: SeriesKind = isInterval ? .intervalTotal : canonical.kind
            if !isInterval && canonical.kind == .intervalTotal {
                fail("quantity", "\(quantity) is recorded over intervals: use meter,start,end,value rows")
                continue
            }
            let key = SeriesKey(meter: meter.id, quantity: quantity)
            if existingKinds[key] == nil { existingKinds[key] = try store.series(key)?.kind }
            if let stored = existingKinds[key] ?? nil, stored != kind {
                fail(
                    nil,
                    "series \(key) holds \(stored.rawValue) values, not \(kind.rawValue) (bills and live readings need different meters "
                        + "or quantities)"
                )
                continue
            }
            guard var value = Self.parseNumber(field("value")) else {
                fail("value", "'\(field("value"))' is not a number")
                continue
            }
            if quantity == meter.mainQuantity, let conv = UnitConversion.toCanonical(from: meter.unit, canonical: canonical.unit) {
                value = value * conv.factor + conv.offset
            }
            if (kind == .counter || kind == .intervalTotal) && value < 0 {
                fail("value", "\(kind == .counter ? "a counter reading" : "a consumption total") cannot be negative")
                continue
            }
            if let problem = limits.check(value: value, quantity: quantity, kind: kind, rules: meter.counterRules) {
                fail("value", problem.message(store.calendar))
                continue
            }
            let spec = SeriesSpec(key: key, kind: kind, unit: canonical.unit, rules: meter.counterRules)
            func instant(_ name: String) -> Int64? {
                do { return try parser.parseInstant(field(name)) } catch {
                    fail(name, error.description)
                    return nil
                }
            }
            if isInterval {
                guard let start = instant("start"), let end = instant("end") else { continue }
                guard end > start else {
                    fail("end", "must be after start (intervals are [start, end))")
                    continue
                }
                if let problem = limits.check(intervalStart: start, end: end, nowMs: now) {
                    let endIsTheProblem = if case .inTheFuture(let ms, _, _) = problem { ms == end } else { false }
                    fail(endIsTheProblem ? "end" : "start", problem.message(store.calendar))
                    continue
                }
                intervals[spec, default: []].append(IntervalTotal(startMs: start, endMs: end, value: value))
            } else {
                guard let t = instant("time") else { continue }
                if let problem = limits.check(ms: t, nowMs: now) {
                    fail("time", problem.message(store.calendar))
                    continue
                }
                if let prior = seenAt[key]?[t] {
                    if prior.value != value { fail("time", "conflicts with line \(prior.line): same meter and time, another value") }
                    continue
                }
                seenAt[key, default: [:]][t] = (record.line, value)
                samples[spec, default: []].append(Sample(ms: t, value: value))
            }
        }
        if !errors.isEmpty && !skipInvalid { throw ImportFailure(errors: errors) }
        let report = try store.ingest(samples: samples, intervals: intervals)
        return ImportResult(file: file, encoding: encoding, rows: records.count - 1, report: report, rejected: errors)
    }

    /// Numbers as people write them: `1234.5`, `1,234.5` (quoted in CSV), `11 519 200`.
    public static func parseNumber(_ raw: String) -> Double? {
        let cleaned = raw.trimmedCSV.filter { $0 != "," && $0 != "_" && $0 != " " }
        guard !cleaned.isEmpty, let v = Double(cleaned), v.isFinite else { return nil }
        return v
    }
}
