import MeterwatchCore

/// A register range that must never be read (the device answers exception 02 for it).
public struct RegisterHole: Sendable, Hashable {
    public var table: RegisterTable
    /// First and last register of the hole, inclusive.
    public var first: Int
    public var last: Int
    public init(table: RegisterTable, first: Int, last: Int) {
        self.table = table
        self.first = first
        self.last = last
    }
    public func overlaps(_ start: Int, _ end: Int) -> Bool { start <= last && end > first }
}
