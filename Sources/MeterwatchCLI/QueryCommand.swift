import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// One output row of `meterwatch query`.
struct QueryRow: Encodable {
    var start: String
    var end: String
    var value: Double?
    var unit: String
    var coverage: Double
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query", abstract: "Rollups of one meter over a range: one row per bucket.",
        discussion: """
            Counters and interval totals give the consumption per bucket; gauges the mean. A bucket with no data has an
            empty value and coverage 0. --from and --to take ISO times or dates (local to the site); --to is exclusive.
            Table values are rounded to 3 decimals (half away from zero); JSON and CSV are exact.
            """)
    @OptionGroup var site: SiteOptions
    @Option(help: "Meter id.") var meter: String
    @Option(help: "Quantity (default: the meter's main consumption quantity).") var quantity: String?
    @Option(help: "Start (inclusive).") var from: String
    @Option(help: "End (exclusive).") var to: String
    @Option(help: "15m, hour, day or month.") var resolution: String = "day"
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() throws {
        let config = try site.loadConfig()
        guard let res = Resolution(argument: resolution) else { throw CLIError("unknown resolution '\(resolution)' (15m, hour, day, month)") }
        let store = try site.openStore(config)
        let q = quantity.map { Quantity($0) } ?? config.meter(id: meter)?.mainQuantity
        guard let q else { throw CLIError("unknown meter '\(meter)' (not in \(config.file)); give --quantity for meters known only to the store") }
        guard let info = try store.series(SeriesKey(meter: meter, quantity: q)) else { throw CLIError("no data for \(meter)/\(q) in \(store.path)") }
        let parser = TimeParser(calendar: store.calendar)
        let a = try parser.parseInstant(from), b = try parser.parseInstant(to)
        guard b > a else { throw CLIError("--to must be after --from") }
        let cal = store.calendar
        let start = cal.bucket(containing: a, resolution: res).start
        let stored = Dictionary(uniqueKeysWithValues: try store.rollups(series: info.id, resolution: res, from: start, to: b).map { ($0.start, $0) })
        let rows: [QueryRow] = cal.buckets(from: start, to: b, resolution: res).map { bucket in
            let r = stored[bucket.start]
            let value: Double? = r.flatMap { b in
                if info.kind == .gauge || info.kind == .state { return b.mean }
                // No interval reached this bucket (e.g. it holds only the latest reading): unknown, not zero.
                return b.observedMs == 0 && b.estimated == 0 && b.value == 0 ? nil : b.value
            }
            return QueryRow(start: cal.isoString(bucket.start), end: cal.isoString(bucket.end), value: value, unit: info.unit, coverage: r?.coverage ?? 0)
        }
        switch format {
        case .json: print(try rows.jsonString())
        case .csv:
            print("start,end,value,unit,coverage")
            for r in rows { print([r.start, r.end, r.value.map { "\($0)" } ?? "", r.unit, "\(r.coverage)"].map(csvField).joined(separator: ",")) }
        case .table:
            print(renderTable(["start", "end", "value", "unit", "coverage"],
                              rows.map { [$0.start, $0.end, $0.value.map { DisplayFormat.number($0, decimals: 3) } ?? "", $0.unit,
                                          DisplayFormat.number($0.coverage * 100, decimals: 1) + " %"] },
                              rightAligned: [2, 4]))
        }
    }
}
