import Foundation
import Testing

/// `docs/reference/configuration.md` against the code: every key a `mapping(allowed:)` of the
/// configuration accepts (and every alert condition's and contract's key list) is named in the
/// reference's "Every key" table, and the table names no key the code does not accept. Keys are
/// compared by name, the last part of each documented path.
@Suite struct ConfigurationReferenceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The keys in the configuration module's sources: `mapping(allowed: [...])` literals and `keys` lists.
    static func keysInCode() throws -> Set<String> {
        let folder = root.appendingPathComponent("Sources/MeterwatchConfig")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter {
            $0.hasSuffix(".swift")
        }
        #expect(files.count > 20)
        let patterns = [
            #"mapping\(allowed:\s*(?:Set\()?\[([^\]]*)\]"#, #"(?:keys|Keys)(?::\s*Set<String>)?\s*=\s*\[([^\]]*)\]"#,
        ]
        var keys: Set<String> = []
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for pattern in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let list = String(text[Range(match.range(at: 1), in: text)!])
                    for literal in list.split(separator: "\"", omittingEmptySubsequences: false).enumerated() where literal.offset % 2 == 1
                    {
                        keys.insert(String(literal.element))
                    }
                }
            }
        }
        return keys
    }

    /// Every part of every path in the first column of the "Every key" table (`…` abbreviates the
    /// row's first path, `<quantity>` stands for a map's own keys).
    static func keysDocumented() throws -> Set<String> {
        let page = try String(contentsOf: root.appendingPathComponent("docs/reference/configuration.md"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: "## Every key").dropFirst().first)
        var keys: Set<String> = []
        for line in section.split(separator: "\n") where line.hasPrefix("| `") {
            let firstColumn = line.split(separator: "|")[0]
            for (i, part) in firstColumn.split(separator: "`", omittingEmptySubsequences: false).enumerated() where i % 2 == 1 {
                for component in part.split(separator: ".") where component != "…" && !component.hasPrefix("<") {
                    keys.insert(component.replacingOccurrences(of: "[]", with: ""))
                }
            }
        }
        return keys
    }

    @Test func everyKeyTheCodeAcceptsIsDocumentedAndNoOther() throws {
        let code = try Self.keysInCode()
        let documented = try Self.keysDocumented()
        #expect(code.count > 150, "the scan found \(code.count) keys")
        #expect(code.subtracting(documented).sorted() == [], "accepted by the code, missing from docs/reference/configuration.md")
        #expect(documented.subtracting(code).sorted() == [], "documented, but the code accepts no such key")
    }
}
