/// One read: function code (from `table`), first register, count, and the points it serves.
public struct ReadRequest: Sendable, Hashable, CustomStringConvertible {
    public var table: RegisterTable
    public var start: Int
    public var count: Int
    public var points: [Int]
    public init(table: RegisterTable, start: Int, count: Int, points: [Int]) {
        self.table = table
        self.start = start
        self.count = count
        self.points = points
    }
    public var end: Int { start + count }
    /// `fc04 0x0000+76`: the form plan tests pin.
    public var description: String {
        "fc\(table.functionCode < 10 ? "0" : "")\(table.functionCode) \(start)+\(count)"
    }
}
