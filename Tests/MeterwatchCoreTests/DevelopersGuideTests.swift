import Foundation
import Testing

/// DEVELOPERS.md's module table is the map new engineers read first: it must name every module of
/// Package.swift, and each module's imports of our own modules must be among those its row allows.
@Suite struct DevelopersGuideTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `| \`Module\` … | job | may import |` rows: the module and its allowed imports, in table order.
    static func table() throws -> [(module: String, mayImport: String)] {
        let text = try String(contentsOf: root.appendingPathComponent("DEVELOPERS.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("| `"), let close = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            let module = String(line[line.index(line.startIndex, offsetBy: 3)..<close])
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { return nil }
            return (module, cells[cells.count - 2])
        }
    }

    /// The library and executable targets of Package.swift with their folders (test targets aside).
    static func targets() throws -> [String: String] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let pattern = try NSRegularExpression(
            pattern: #"\.(target|executableTarget|systemLibrary)\(\s*name: "(\w+)"([^)]*?path: "([^"]+)")?"#)
        var out: [String: String] = [:]
        for m in pattern.matches(in: manifest, range: NSRange(manifest.startIndex..., in: manifest)) {
            let name = String(manifest[Range(m.range(at: 2), in: manifest)!])
            let path = Range(m.range(at: 4), in: manifest).map { String(manifest[$0]) } ?? "Sources/\(name)"
            out[name] = path
        }
        return out
    }

    @Test func everyModuleHasARowAndEveryRowAModule() throws {
        let rows = Set(try Self.table().map(\.module))
        // The build-tool plugin's executable is described in the text under the table.
        let modules = Set(try Self.targets().keys).subtracting(["EmbedResourcesTool"])
        #expect(modules.subtracting(rows).isEmpty, "modules without a row in DEVELOPERS.md: \(modules.subtracting(rows).sorted())")
        #expect(rows.subtracting(modules).isEmpty, "rows without a module in Package.swift: \(rows.subtracting(modules).sorted())")
    }

    @Test func eachModuleImportsOnlyWhatItsRowAllows() throws {
        let rows = try Self.table()
        let targets = try Self.targets()
        let ours = Set(targets.keys)
        var violations: [String] = []
        for (index, row) in rows.enumerated() {
            guard let folder = targets[row.module] else { continue }
            let allowed = row.mayImport
            let above = Set(rows[..<index].map(\.module))
            let files =
                FileManager.default.enumerator(atPath: Self.root.appendingPathComponent(folder).path)?
                .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            var imported: Set<String> = []
            for file in files {
                let text = try String(contentsOf: Self.root.appendingPathComponent(folder).appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.hasPrefix("@testable import ") {
                    let name = String(line.split(separator: " ").last ?? "")
                    if ours.contains(name) && name != row.module { imported.insert(name) }
                }
            }
            for name in imported.sorted() {
                let short = name.hasPrefix("Meterwatch") ? String(name.dropFirst("Meterwatch".count)) : name
                let named = allowed.range(of: #"\b\#(short)\b"#, options: .regularExpression) != nil
                let everythingAbove = allowed.hasPrefix("everything above") && above.contains(name)
                if !named && !everythingAbove { violations.append("\(row.module) imports \(name), its row allows: \(allowed)") }
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
