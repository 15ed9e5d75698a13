import Foundation

/// One CSV record with the physical line it starts on (1-based, header included) and the
/// column (1-based, in characters) where each field starts.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    public var columns: [Int]
    public init(line: Int, fields: [String], columns: [Int] = []) {
        self.line = line
        self.fields = fields
        self.columns = columns
    }

    /// Where field `index` starts (1 when unknown).
    public func column(_ index: Int) -> Int { index < columns.count ? columns[index] : 1 }
}
