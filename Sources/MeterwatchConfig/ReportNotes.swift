import Foundation
import MeterwatchCore
import Yams

/// Explanations printed next to report figures, kept in a small YAML file:
///
/// ```yaml
/// fuel: { zh-TW: 因公務出差次數增加, en: More official trips }
/// water: "Rainwater harvesting reused 63 tonnes"
/// ```
public struct ReportNotes: Sendable {
    public var notes: [String: LocalizedName] = [:]
    public init() {}

    public func note(_ key: String, _ language: Language) -> String? { notes[key]?.text(language) }

    public static func load(path: String) throws(ConfigError) -> ReportNotes {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(file: path, line: nil, column: nil, key: "", message: "cannot read: \(error.localizedDescription)")
        }
        let node: Node
        do {
            guard let n = try Yams.compose(yaml: text) else { return ReportNotes() }
            node = n
        } catch let e as YamlError {
            throw SiteConfig.yamlSyntaxError(e, file: path)
        } catch {
            throw ConfigError(file: path, line: nil, column: nil, key: "", message: "\(error)")
        }
        var out = ReportNotes()
        let allowed = Set(MeterCategory.allCases.map(\.rawValue) + ["carbon", "kpi"])
        for (key, r) in try YAMLReader(file: path, node: node, path: "").mapping(allowed: allowed) {
            out.notes[key] = try SiteConfig.localizedName(r)
        }
        return out
    }
}
