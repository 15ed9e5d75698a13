/// A point placed at an absolute address (SunSpec points after discovery).
public struct PlacedPoint: Sendable, Hashable {
    /// Index into the caller's point list.
    public var index: Int
    public var table: RegisterTable
    public var address: Int
    public var count: Int
    public init(index: Int, table: RegisterTable, address: Int, count: Int) {
        self.index = index
        self.table = table
        self.address = address
        self.count = count
    }
    var end: Int { address + count }
}
