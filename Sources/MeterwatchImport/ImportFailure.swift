import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// An import refused as a whole: every bad row, each with its line.
public struct ImportFailure: Error, CustomStringConvertible, Sendable {
    public var errors: [InputError]
    public var description: String {
        let shown = errors.prefix(50).map(\.description).joined(separator: "\n")
        let more = errors.count > 50 ? "\n… and \(errors.count - 50) more" : ""
        return
            "\(shown)\(more)\nnothing was imported (\(errors.count) bad row\(errors.count == 1 ? "" : "s"); --skip-invalid imports the "
            + "good rows)"
    }
}
