import ArgumentParser
import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// `--config` and `--db`, shared by every command.
struct SiteOptions: ParsableArguments {
    @Option(name: .long, help: "Site configuration file (default: ./meterwatch.yaml when it exists).")
    var config: String?

    @Option(name: .long, help: "Store file; overrides storage.path of the configuration.")
    var db: String?

    func loadConfig() throws -> SiteConfig {
        if let config { return try SiteConfig.load(path: config) }
        if FileManager.default.fileExists(atPath: "meterwatch.yaml") { return try SiteConfig.load(path: "meterwatch.yaml") }
        return SiteConfig.empty()
    }

    func openStore(_ config: SiteConfig) throws -> MeterStore {
        let path = db ?? config.storage.path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
            throw CLIError("the store's folder \(dir) does not exist")
        }
        return try MeterStore(path: path, calendar: try LocalCalendar(timeZone: config.site.timeZone))
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

extension Encodable {
    func jsonString() throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(self), as: UTF8.self)
    }
}

/// Aligned plain-text table.
func renderTable(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    var widths = header.map(\.displayWidth)
    for r in rows { for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.displayWidth) } }
    func line(_ cells: [String]) -> String {
        cells.enumerated().map { i, c in
            let pad = String(repeating: " ", count: max(0, widths[i] - c.displayWidth))
            return rightAligned.contains(i) ? pad + c : c + pad
        }.joined(separator: "  ").trimmingTrailingSpaces
    }
    return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
}

extension String {
    /// Terminal columns: CJK characters take two.
    var displayWidth: Int {
        unicodeScalars.reduce(0) { w, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) ||
                (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            return w + (wide ? 2 : 1)
        }
    }
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
