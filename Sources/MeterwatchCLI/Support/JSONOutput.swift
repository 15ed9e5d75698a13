import Foundation
import MeterwatchCore

/// Pretty, sorted JSON for `--format json`; phrases in the chosen language.
enum JSONOutput {
    static func text<T: Encodable>(_ value: T, language: Language = .en) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.userInfo[.language] = language
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
