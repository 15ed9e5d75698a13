/// A configuration problem, pointing at the file, line and key.
///
/// ```
/// meterwatch.yaml:7:5: meters[1].category: unknown category 'gas' (expected one of electricity, water, …)
/// ```
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// Dotted key path, e.g. `meters[1].category`.
    public var key: String
    public var message: String

    public init(file: String, line: Int?, column: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
