import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// Imports official vehicles' fuel logs: one row per refuel.
///
/// Columns (English or Chinese, any order): date/日期, vehicle/車號, fuel/油品, litres/公升/數量,
/// and optionally amount/金額 (NT$), odometer/里程, station/加油站. Dates are ISO or ROC
/// (`108/07/01`, `108.7.1`, `1080701`). 汽油, 無鉛 and the 92/95/98 grades are petrol; 柴油 is diesel.
/// A refuel already imported (same vehicle, date and litres) is skipped and counted.
public struct FuelLogImporter {
    public let store: MeterStore
    public let limits: PlausibilityLimits
    public let clock: any TimeSource
    public init(store: MeterStore, limits: PlausibilityLimits? = nil, clock: any TimeSource = SystemClock()) {
        self.store = store
        self.limits = limits ?? PlausibilityLimits(calendar: store.calendar)
        self.clock = clock
    }

    static let aliases: [String: String] = [
        "date": "date", "日期": "date", "加油日期": "date", "day": "date",
        "vehicle": "vehicle", "plate": "vehicle", "車號": "vehicle", "車牌": "vehicle", "車牌號碼": "vehicle", "車輛": "vehicle",
        "fuel": "fuel", "fuel_type": "fuel", "fueltype": "fuel", "油品": "fuel", "油種": "fuel", "油別": "fuel",
        "litres": "litres", "liters": "litres", "litre": "litres", "liter": "litres", "l": "litres", "公升": "litres", "數量": "litres",
        "加油量": "litres", "油量": "litres",
        "amount": "amount", "cost": "amount", "ntd": "amount", "金額": "amount", "價格": "amount",
        "odometer": "odometer", "odo": "odometer", "km": "odometer", "里程": "odometer", "里程數": "odometer", "公里數": "odometer",
        "station": "station", "加油站": "station", "站名": "station",
    ]

    /// Header text without units in brackets: `數量(公升)` → `數量`, `Amount (NT$)` → `amount`.
    static func canonicalHeader(_ raw: String) -> String? {
        var h = raw.trimmedCSV.lowercased()
        for open in ["(", "（", "["] { if let i = h.firstIndex(of: Character(open)) { h = String(h[..<i]) } }
        h = h.trimmedCSV.replacingOccurrences(of: " ", with: "_")
        return aliases[h]
    }

    public static func fuelType(_ raw: String) -> Refuel.Fuel? {
        let t = raw.trimmedCSV.lowercased().replacingOccurrences(of: " ", with: "")
        if t.contains("柴油") || t.contains("diesel") { return .diesel }
        if t.contains("汽油") || t.contains("無鉛") || t.contains("petrol") || t.contains("gasoline") || t == "gas" || t.contains("unleaded") {
            return .petrol
        }
        if ["92", "95", "98"].contains(where: { t.hasPrefix($0) }) { return .petrol }
        return nil
    }

    public func importFile(_ path: String, skipInvalid: Bool) throws -> ImportResult {
        try importData(try readInputFile(path), file: path, skipInvalid: skipInvalid)
    }

    /// `dryRun`: a preview: every check and the counts against what is stored, nothing kept.
    public func importData(_ data: Data, file: String, skipInvalid: Bool, dryRun: Bool = false) throws -> ImportResult {
        let (text, encoding) = try TextDecoding.decode(data, file: file)
        let records = try CSVReader.parse(text, file: file)
        guard let header = records.first else {
            throw InputError(file: file, line: nil, message: "the file is empty (expected a header such as 日期,車號,油品,公升)")
        }
        var columns: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            guard let name = Self.canonicalHeader(raw) else {
                throw InputError(
                    file: file, line: header.line, field: raw, column: header.column(i),
                    message: "unknown column (expected date/日期, vehicle/車號, fuel/油品, litres/公升, amount/金額, odometer/里程, station/加油站)")
            }
            guard columns[name] == nil else {
                throw InputError(file: file, line: header.line, field: raw, column: header.column(i), message: "two columns mean \(name)")
            }
            columns[name] = i
        }
        for required in ["date", "vehicle", "fuel", "litres"] where columns[required] == nil {
            throw InputError(file: file, line: header.line, message: "missing the \(required) column")
        }

        let calendar = store.calendar
        let now = clock.nowMs()
        let earliestDay = calendar.civilDate(at: limits.earliestMs)
        let latestDay = calendar.civilDate(at: now + limits.clockSkewMs)
        let litresRange = limits.refuelLitres
        var errors: [InputError] = []
        var refuels: [Refuel] = []
        var seen: [String: Int] = [:]
        var duplicates = 0
        for record in records.dropFirst() {
            func fail(_ name: String, _ message: String) {
                errors.append(
                    InputError(file: file, line: record.line, field: name, column: columns[name].map(record.column), message: message))
            }
            guard record.fields.count == header.fields.count else {
                errors.append(
                    InputError(
                        file: file, line: record.line, message: "expected \(header.fields.count) fields, found \(record.fields.count)"))
                continue
            }
            func field(_ name: String) -> String? { columns[name].map { record.fields[$0].trimmedCSV } }
            let dateText = field("date")!.split(whereSeparator: { $0 == " " || $0 == "T" }).first.map(String.init) ?? ""
            guard let day = TimeParser.parseDate(dateText, allowROC: true) else {
                fail("date", "'\(field("date")!)' is not a date (ISO 2019-07-01 or ROC 108/07/01)")
                continue
            }
            guard day >= earliestDay else {
                fail("date", "\(day) is before the start of history (\(earliestDay); plausibility.history_start)")
                continue
            }
            guard day <= latestDay else {
                fail("date", "\(day) is in the future (today is \(calendar.civilDate(at: now))): a mistyped year?")
                continue
            }
            let plate = field("vehicle")!.uppercased().replacingOccurrences(of: " ", with: "")
            guard !plate.isEmpty else {
                fail("vehicle", "missing plate")
                continue
            }
            guard let fuel = Self.fuelType(field("fuel")!) else {
                fail("fuel", "'\(field("fuel")!)' is neither petrol (汽油, 92/95/98) nor diesel (柴油)")
                continue
            }
            guard let litres = ReadingsImporter.parseNumber(field("litres")!), litres > 0 else {
                fail("litres", "'\(field("litres")!)' is not a positive number of litres")
                continue
            }
            guard litresRange.contains(litres) else {
                fail(
                    "litres",
                    "\(field("litres")!) litres is outside the plausible range of one refuel, \(litresRange) "
                        + "(plausibility.ranges.fuel_volume)"
                )
                continue
            }
            var amount: Double?
            var odometer: Double?
            if let a = field("amount"), !a.isEmpty {
                guard
                    let v = ReadingsImporter.parseNumber(
                        a.replacingOccurrences(of: "NT$", with: "").replacingOccurrences(of: "$", with: "")), v >= 0
                else {
                    fail("amount", "'\(a)' is not an amount")
                    continue
                }
                amount = v
            }
            if let o = field("odometer"), !o.isEmpty {
                guard let v = ReadingsImporter.parseNumber(o), v >= 0 else {
                    fail("odometer", "'\(o)' is not a distance in km")
                    continue
                }
                odometer = v
            }
            let station = field("station").flatMap { $0.isEmpty ? nil : $0 }
            let refuel = Refuel(day: day, vehicle: plate, fuel: fuel, litres: litres, amount: amount, odometer: odometer, station: station)
            if seen[refuel.dedupeKey] != nil {
                duplicates += 1
                continue
            }
            seen[refuel.dedupeKey] = record.line
            refuels.append(refuel)
        }
        if !errors.isEmpty && !skipInvalid { throw ImportFailure(errors: errors) }
        let (inserted, stored) = try store.appendRefuels(refuels, source: (file as NSString).lastPathComponent, rollingBack: dryRun)
        var report = IngestReport()
        report.inserted = inserted
        var result = ImportResult(file: file, encoding: encoding, rows: records.count - 1, report: report, rejected: errors)
        result.duplicates = duplicates + stored
        return result
    }
}
