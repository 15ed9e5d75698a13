import Foundation

/// A problem in an input file, pointing at `file:line:column` and naming the field.
public struct InputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    /// The field's name (`value`, `time`…).
    public var field: String?
    /// 1-based character column where the field starts.
    public var column: Int?
    public var message: String
    public init(file: String, line: Int?, field: String? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.column = column
        self.message = message
    }
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let line = line, let column, line > 0 { s += ":\(column)" }
        if let field { s += ": \(field)" }
        return "\(s): \(message)"
    }
}
