import Foundation
import MeterwatchConfig
import MeterwatchCore
import MeterwatchStore

/// An import refused as a whole: every bad row, each with its line.
public struct ImportFailure: Error, CustomStringConvertible, Sendable {
    /// The first bad rows (a long list is capped), each with its place.
    public var errors: [InputError]
    /// Every bad row, listed or not.
    public var total: Int

    public init(errors: [InputError], total: Int? = nil) {
        self.errors = errors
        self.total = total ?? errors.count
    }

    public var description: String {
        let shown = errors.prefix(50).map(\.description).joined(separator: "\n")
        let more = total > 50 ? "\n… and \(total - 50) more" : ""
        return
            "\(shown)\(more)\nnothing was imported (\(total) bad row\(total == 1 ? "" : "s"); --skip-invalid imports the "
            + "good rows)"
    }
}
