import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Imports meter readings from CSV, streamed: the input is read in chunks and parsed as bytes,
/// batches are written as they fill, and the whole import is one transaction, so memory stays
/// bounded whatever the file's size and the import is all-or-nothing.
///
/// Two shapes, told apart by the header:
/// - `meter,time,value[,quantity]`: counter or gauge readings at an instant;
/// - `meter,start,end,value[,quantity][,amount]`: interval totals over `[start, end)`, such as monthly
///   bills; `amount` is the bill's NT$, kept as the meter's `billed_amount` (shadow billing).
///
/// Times are ISO 8601 with an offset, or local to the site; a bare date is local midnight. Values
/// of the meter's main quantity are converted from the meter's configured unit. Every bad row is
/// reported with its file:line:column (the first `maxListedErrors`, and the total).
public struct ReadingsImporter {
    public let config: SiteConfig
    public let store: MeterStore
    public let clock: any TimeSource
    /// Readings held before a batch is written.
    public var batchRows = 500_000
    public static let maxListedErrors = 1_000

    public init(config: SiteConfig, store: MeterStore, clock: any TimeSource = SystemClock()) {
        self.config = config
        self.store = store
        self.clock = clock
    }

    public func importFile(_ path: String, skipInvalid: Bool, progress: ImportProgress? = nil) throws -> ImportResult {
        try importStream(FileByteSource(path: path), file: path == "-" ? "stdin" : path, skipInvalid: skipInvalid, progress: progress)
    }

    /// `dryRun`: a preview: every check and the counts against what is stored, nothing kept.
    public func importData(_ data: Data, file: String, skipInvalid: Bool, dryRun: Bool = false) throws -> ImportResult {
        try importStream(DataByteSource(data), file: file, skipInvalid: skipInvalid, progress: nil, dryRun: dryRun)
    }

    /// The series a row belongs to, resolved once per distinct meter and quantity text (a class:
    /// the hot loop takes it by reference, not copying its strings).
    final class Target {
        var spec: SeriesSpec
        var factor: Double
        var offset: Double
        /// The factor is 10^-shift: the conversion is done on the decimal digits.
        var shift: Int
        /// Index of the series' readings in the batch.
        var slot = 0
        /// The plausible range of its values (checked per row without a lookup).
        var range: ValueRange?
        var meter: MeterConfig
        var quantity: Quantity
        var kind: SeriesKind
        var error: (field: String, message: String)?

        init(spec: SeriesSpec, factor: Double, offset: Double, shift: Int, meter: MeterConfig, quantity: Quantity, kind: SeriesKind) {
            self.spec = spec
            self.factor = factor
            self.offset = offset
            self.shift = shift
            self.meter = meter
            self.quantity = quantity
            self.kind = kind
        }
    }

    public func importStream(
        _ source: any ByteSource, file: String, skipInvalid: Bool, progress: ImportProgress?, dryRun: Bool = false
    ) throws -> ImportResult {
        var scanner = try CSVByteScanner(source: source, file: file)
        guard try scanner.next() else {
            throw InputError(file: file, line: nil, message: "the file is empty (expected a header such as meter,time,value)")
        }
        var columns: [String: Int] = [:]
        for (i, f) in scanner.fields.enumerated() {
            let raw = scanner.string(f)
            let name = raw.lowercased()
            let canonical = ["timestamp": "time", "ts": "time", "from": "start", "to": "end", "meter_id": "meter"][name] ?? name
            guard ["meter", "time", "start", "end", "value", "quantity", "amount"].contains(canonical) else {
                throw InputError(
                    file: file, line: scanner.line, field: raw, column: scanner.column(i),
                    message:
                        "unknown column (expected meter,time,value or meter,start,end,value, optionally quantity, and amount for bills)")
            }
            guard columns[canonical] == nil else {
                throw InputError(file: file, line: scanner.line, field: raw, column: scanner.column(i), message: "duplicate column")
            }
            columns[canonical] = i
        }
        let fieldCount = scanner.fields.count
        let isInterval = columns["start"] != nil || columns["end"] != nil
        guard let meterColumn = columns["meter"], let valueColumn = columns["value"],
            isInterval ? (columns["start"] != nil && columns["end"] != nil && columns["time"] == nil) : columns["time"] != nil
        else {
            throw InputError(
                file: file, line: scanner.line,
                message: "the header must be meter,time,value or meter,start,end,value (optionally with quantity)")
        }
        let quantityColumn = columns["quantity"]
        // A bill's NT$ beside its kWh: kept as the meter's `billed_amount` over the same interval.
        let amountColumn = columns["amount"]
        if amountColumn != nil && !isInterval {
            throw InputError(file: file, line: 1, message: "an amount column goes with meter,start,end,value rows (a bill's NT$)")
        }
        let timeColumn = columns["time"] ?? -1
        let parser = TimeParser(calendar: store.calendar)
        let rules = store.calendar.rules
        let limits = config.plausibility.limits(store.calendar)
        let now = clock.nowMs()
        let batchRows = batchRows

        let result = try store.ingestSession(rollingBack: dryRun) { session in
            var errors: [InputError] = []
            var errorCount = 0
            var rows = 0
            var report = IngestReport()
            var targets: [String: Target] = [:]
            // The row's meter and quantity bytes → target, without making strings: by hash, then
            // compared byte for byte.
            var byBytes: [Int: [(key: [UInt8], target: Target?)]] = [:]
            var specs: [SeriesSpec] = []
            var samples: [[Sample]] = []
            var sampleLines: [[Int32]] = []
            var intervals: [SeriesSpec: [IntervalTotal]] = [:]
            var held = 0

            func fail(_ name: String?, _ message: String) {
                errorCount += 1
                guard errors.count < Self.maxListedErrors else { return }
                let column = name.flatMap { columns[$0] }.map { scanner.column($0) }
                errors.append(InputError(file: file, line: scanner.line, field: name, column: column, message: message))
            }

            /// Sorts each series' readings, refuses two values at one time, writes the batch.
            func flush() throws {
                var clean: [SeriesSpec: [Sample]] = [:]
                for (slot, list) in samples.enumerated() where !list.isEmpty {
                    let spec = specs[slot]
                    let lines = sampleLines[slot]
                    let order = list.indices.sorted { (list[$0].ms, lines[$0]) < (list[$1].ms, lines[$1]) }
                    var out: [Sample] = []
                    out.reserveCapacity(list.count)
                    var previous: Int?
                    for k in order {
                        if let p = previous, list[p].ms == list[k].ms {
                            if list[p].value != list[k].value {
                                errorCount += 1
                                if errors.count < Self.maxListedErrors {
                                    errors.append(
                                        InputError(
                                            file: file, line: Int(lines[k]), field: "time",
                                            column: nil, message: "conflicts with line \(lines[p]): same meter and time, another value"))
                                }
                            }
                            continue
                        }
                        out.append(list[k])
                        previous = k
                    }
                    clean[spec] = out
                }
                if errorCount == 0 || skipInvalid {
                    report += try session.write(samples: clean, intervals: intervals)
                }
                for slot in samples.indices {
                    samples[slot].removeAll(keepingCapacity: true)
                    sampleLines[slot].removeAll(keepingCapacity: true)
                }
                intervals.removeAll(keepingCapacity: true)
                held = 0
            }

            func target(_ meterText: String, _ quantityText: String) throws -> Target? {
                let cacheKey = meterText + "\u{1}" + quantityText
                if let t = targets[cacheKey] {
                    return t
                }
                guard let meter = config.meter(id: meterText) else {
                    return nil
                }
                var quantity = meter.mainQuantity
                if !quantityText.isEmpty { quantity = Quantity(quantityText) }
                let t = Target(
                    spec: SeriesSpec(key: SeriesKey(meter: meter.id, quantity: quantity), kind: .gauge, unit: ""), factor: 1, offset: 0,
                    shift: 0,
                    meter: meter, quantity: quantity, kind: .gauge)
                guard let canonical = quantity.canonical else {
                    t.error = ("quantity", "unknown quantity '\(quantity)' (known: \(Quantity.known.joined(separator: ", ")))")
                    targets[cacheKey] = t
                    return t
                }
                let kind: SeriesKind = isInterval ? .intervalTotal : canonical.kind
                if !isInterval && canonical.kind == .intervalTotal {
                    t.error = ("quantity", "\(quantity) is recorded over intervals: use meter,start,end,value rows")
                }
                let key = SeriesKey(meter: meter.id, quantity: quantity)
                if t.error == nil, let stored = try session.series(key)?.kind, stored != kind {
                    t.error = (
                        "value",
                        "series \(key) holds \(stored.rawValue) values, not \(kind.rawValue) (bills and live readings need different "
                            + "meters or quantities)"
                    )
                }
                if quantity == meter.mainQuantity, let conv = UnitConversion.toCanonical(from: meter.unit, canonical: canonical.unit) {
                    t.factor = conv.factor
                    t.offset = conv.offset
                    if conv.offset == 0, let k = [0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001].firstIndex(of: conv.factor) {
                        t.shift = k + 1
                    }
                }
                t.kind = kind
                t.spec = SeriesSpec(key: key, kind: kind, unit: canonical.unit, rules: meter.counterRules)
                t.range = limits.range(of: quantity, kind: kind, rules: meter.counterRules)
                if let existing = specs.firstIndex(of: t.spec) {
                    t.slot = existing
                } else {
                    t.slot = specs.count
                    specs.append(t.spec)
                    samples.append([])
                    sampleLines.append([])
                }
                targets[cacheKey] = t
                return t
            }

            func instant(_ column: Int, _ name: String) -> Int64? {
                let bytes = scanner.bytes(scanner.fields[column])
                if let t = FastFields.instant(bytes, rules: rules) {
                    return t
                }
                do { return try parser.parseInstant(scanner.string(scanner.fields[column])) } catch {
                    fail(name, error.description)
                    return nil
                }
            }

            while try scanner.next() {
                rows += 1
                if let progress, rows & 0xFFFF == 0 { progress.update(rows: rows, bytes: scanner.bytesRead, total: scanner.totalBytes) }
                guard scanner.fields.count == fieldCount else {
                    fail(nil, "expected \(fieldCount) fields, found \(scanner.fields.count)")
                    continue
                }
                let meterBytes = scanner.bytes(scanner.fields[meterColumn])
                let quantityBytes = quantityColumn.map { scanner.bytes(scanner.fields[$0]) } ?? []
                var hasher = Hasher()
                for b in meterBytes { hasher.combine(b) }
                hasher.combine(UInt8(1))
                for b in quantityBytes { hasher.combine(b) }
                let hash = hasher.finalize()
                var resolved: Target?
                var known = false
                for entry in byBytes[hash] ?? [] where entry.key.count == meterBytes.count + quantityBytes.count + 1 {
                    let m = meterBytes.count
                    if entry.key[m] == 1 && entry.key[..<m].elementsEqual(meterBytes) && entry.key[(m + 1)...].elementsEqual(quantityBytes)
                    {
                        resolved = entry.target
                        known = true
                        break
                    }
                }
                if !known {
                    let meterText = scanner.string(scanner.fields[meterColumn])
                    let quantityText = quantityColumn.map { scanner.string(scanner.fields[$0]) } ?? ""
                    resolved = try target(meterText, quantityText)
                    byBytes[hash, default: []].append((Array(meterBytes) + [1] + Array(quantityBytes), resolved))
                }
                guard let t = resolved else {
                    let meterText = scanner.string(scanner.fields[meterColumn])
                    fail("meter", meterText.isEmpty ? "missing meter id" : "unknown meter '\(meterText)' (not in \(config.file))")
                    continue
                }
                if let e = t.error {
                    fail(e.field, e.message)
                    continue
                }
                let valueBytes = scanner.bytes(scanner.fields[valueColumn])
                var value: Double
                if t.shift > 0, let converted = FastFields.number(valueBytes, shift: t.shift) {
                    value = converted
                } else {
                    guard let parsed = FastFields.number(valueBytes) ?? Self.parseNumber(scanner.string(scanner.fields[valueColumn])) else {
                        fail("value", "'\(scanner.string(scanner.fields[valueColumn]))' is not a number")
                        continue
                    }
                    value = parsed
                    if t.factor != 1 || t.offset != 0 { value = DecimalScaling.multiply(value, by: t.factor) + t.offset }
                }
                if (t.kind == .counter || t.kind == .intervalTotal) && value < 0 {
                    fail("value", "\(t.kind == .counter ? "a counter reading" : "a consumption total") cannot be negative")
                    continue
                }
                if !(abs(value) <= PlausibilityLimits.maxMagnitude && (t.range?.contains(value) ?? true)),
                    let problem = limits.check(value: value, quantity: t.quantity, kind: t.kind, rules: t.meter.counterRules)
                {
                    fail("value", problem.message(store.calendar))
                    continue
                }
                if isInterval {
                    guard let start = instant(columns["start"]!, "start"), let end = instant(columns["end"]!, "end") else { continue }
                    guard end > start else {
                        fail("end", "must be after start (intervals are [start, end))")
                        continue
                    }
                    if let problem = limits.check(intervalStart: start, end: end, nowMs: now) {
                        let endIsTheProblem = if case .inTheFuture(let ms, _, _) = problem { ms == end } else { false }
                        fail(endIsTheProblem ? "end" : "start", problem.message(store.calendar))
                        continue
                    }
                    if let amountColumn {
                        let text = scanner.string(scanner.fields[amountColumn]).trimmingCharacters(in: .whitespaces)
                        if !text.isEmpty {
                            guard let amount = Self.parseNumber(text), amount.isFinite, amount >= 0, amount < 1e12 else {
                                fail("amount", "'\(text)' is not an amount in NT$ (0 or more)")
                                continue
                            }
                            let spec = SeriesSpec(
                                key: SeriesKey(meter: t.meter.id, quantity: .billedAmount), kind: .intervalTotal, unit: "TWD",
                                rules: t.meter.counterRules)
                            intervals[spec, default: []].append(IntervalTotal(startMs: start, endMs: end, value: amount))
                        }
                    }
                    intervals[t.spec, default: []].append(IntervalTotal(startMs: start, endMs: end, value: value))
                } else {
                    guard let ms = instant(timeColumn, "time") else { continue }
                    if let problem = limits.check(ms: ms, nowMs: now) {
                        fail("time", problem.message(store.calendar))
                        continue
                    }
                    samples[t.slot].append(Sample(ms: ms, value: value))
                    sampleLines[t.slot].append(Int32(truncatingIfNeeded: scanner.line))
                }
                held += 1
                if held >= batchRows { try flush() }
            }
            try flush()
            progress?.finish(rows: rows, bytes: scanner.bytesRead)
            if errorCount > 0 && !skipInvalid { throw ImportFailure(errors: errors, total: errorCount) }
            return ImportResult(
                file: file, encoding: scanner.encoding, rows: rows, report: report, rejected: errors, rejectedTotal: errorCount)
        }
        // A large import leaves a large write-ahead log: fold it into the store now rather than at
        // some later write (best effort: a reader holding the log only delays it).
        if result.rows > 100_000 { try? store.checkpoint() }
        return result
    }

    /// Numbers as people write them: `1234.5`, `1,234.5` (quoted in CSV), `11 519 200`.
    public static func parseNumber(_ raw: String) -> Double? {
        let cleaned = raw.trimmedCSV.filter { $0 != "," && $0 != "_" && $0 != " " }
        guard !cleaned.isEmpty, let v = Double(cleaned), v.isFinite else { return nil }
        return v
    }
}
