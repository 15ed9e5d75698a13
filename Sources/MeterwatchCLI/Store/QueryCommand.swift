import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Rollups of meters over a range: one row per series and bucket.",
        discussion: """
            Counters and interval totals give the consumption per bucket; gauges the mean. A bucket with no data has an
            empty value and coverage 0. --from and --to take ISO times or dates (local to the site); --to is exclusive.
            Several series at once: --meter a,b,c, --tag or --category (with --quantity q1,q2 for other quantities).
            Table values are rounded to 3 decimals (half away from zero); JSON and CSV are exact.
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "Meter ids, comma-separated.") var meter: String?
    @Option(help: "All meters with this tag.") var tag: String?
    @Option(help: "All meters of this category.") var category: MeterCategory?
    @Option(help: "Quantities, comma-separated (default: each meter's main consumption quantity).") var quantity: String?
    @OptionGroup var range: TimeRangeOptions
    @Option(help: "15m, hour, day or month.") var resolution: String = "day"
    @Option(help: "Output format.") var format: TableJSONOrCSV = .table

    /// One output row.
    struct Row: Encodable {
        var meter: String
        var quantity: String
        var start: String
        var end: String
        var value: Double?
        var unit: String
        var coverage: Double
    }

    func run() throws {
        guard let resolution = Resolution(argument: resolution) else {
            throw CLIError.badOption("--resolution", "expected 15m, hour, day or month, got '\(self.resolution)'")
        }
        let site = try self.site.open()
        let chosen = [meter != nil, tag != nil, category != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw ValidationError("give exactly one of --meter, --tag, --category")
        }
        var meters: [String] = []
        if let meter { meters = meter.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let tag { meters = site.config.meters.filter { $0.tags.contains(tag) }.map(\.id) }
        if let category { meters = site.config.meters.filter { $0.category == category }.map(\.id) }
        let quantities = quantity.map { $0.split(separator: ",").map { Quantity(String($0)) } }
        var series: [SeriesInfo] = []
        for id in meters {
            guard let list = quantities ?? site.config.meter(id: id).map({ [$0.mainQuantity] }) else {
                throw CLIError.unknownMeter(id, config: site.config.file)
            }
            for q in list {
                let key = SeriesKey(meter: id, quantity: q)
                if let info = try site.store.series(key) {
                    series.append(info)
                } else if meter != nil {
                    throw CLIError.noSeries(key.description, store: site.store.path)
                }
            }
        }
        let (from, to) = try range.range(site.calendar)
        var rows: [Row] = []
        for info in series {
            rows += try Self.rows(site: site, info: info, resolution: resolution, from: from, to: to)
        }
        switch format {
        case .json:
            print(try JSONOutput.text(rows))
        case .csv:
            print("meter,quantity,start,end,value,unit,coverage")
            for r in rows {
                print(CSVLine.of([r.meter, r.quantity, r.start, r.end, r.value.map { "\($0)" } ?? "", r.unit, "\(r.coverage)"]))
            }
        case .table:
            let cells = rows.map {
                [
                    $0.meter, $0.quantity, $0.start, $0.end, $0.value.map { DisplayFormat.number($0, decimals: 3) } ?? "", $0.unit,
                    DisplayFormat.number($0.coverage * 100, decimals: 1) + " %",
                ]
            }
            print(TextTable(["meter", "quantity", "start", "end", "value", "unit", "coverage"], cells, rightAligned: [4, 6]).text)
        }
    }

    static func rows(site: Site, info: SeriesInfo, resolution: Resolution, from: Int64, to: Int64) throws -> [Row] {
        let cal = site.calendar
        let start = cal.bucket(containing: from, resolution: resolution).start
        let rollups = try site.store.rollups(series: info.id, resolution: resolution, from: start, to: to)
        let stored = Dictionary(uniqueKeysWithValues: rollups.map { ($0.start, $0) })
        return cal.buckets(from: start, to: to, resolution: resolution).map { bucket in
            let rollup = stored[bucket.start]
            let value: Double? = rollup.flatMap { b in
                if info.kind == .gauge || info.kind == .state {
                    return b.mean
                }
                // No interval reached this bucket (e.g. it holds only the latest reading): unknown, not zero.
                return b.observedMs == 0 && b.estimated == 0 && b.value == 0 ? nil : b.value
            }
            return Row(
                meter: info.key.meter, quantity: info.key.quantity.name, start: cal.isoString(bucket.start), end: cal.isoString(bucket.end),
                value: value, unit: info.unit,
                coverage: rollup?.coverage ?? 0)
        }
    }
}
